namespace Parquet.Metadata;

/// <summary>Page compression codecs (Thrift <c>CompressionCodec</c>). This library reads and writes the first three.</summary>
public enum CompressionCodec
{
    /// <summary>No compression.</summary>
    Uncompressed = 0,
    /// <summary>Snappy raw blocks.</summary>
    Snappy = 1,
    /// <summary>GZIP (deflate with a gzip header).</summary>
    Gzip = 2,
    /// <summary>LZO: not supported.</summary>
    Lzo = 3,
    /// <summary>Brotli: not supported.</summary>
    Brotli = 4,
    /// <summary>Hadoop-framed LZ4: not supported.</summary>
    Lz4 = 5,
    /// <summary>Zstandard: not supported.</summary>
    Zstd = 6,
    /// <summary>Raw LZ4 blocks: not supported.</summary>
    Lz4Raw = 7,
}
