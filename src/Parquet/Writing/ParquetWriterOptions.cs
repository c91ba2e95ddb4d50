using System.IO.Compression;
using Parquet.Metadata;

namespace Parquet.Writing;

/// <summary>How <see cref="ParquetFileWriter"/> lays out a file. Defaults suit the pipeline's datasets.</summary>
public sealed record ParquetWriterOptions
{
    /// <summary>Rows per row group when <see cref="ParquetFileWriter.Write"/> splits the input; 1M rows keeps a row group of three INT32 columns near 12 MB.</summary>
    public const int DefaultRowGroupSize = 1 << 20;

    /// <summary>Target bytes of encoded values per data page (~1 MiB, the usual choice of Parquet writers).</summary>
    public const int DefaultPageSize = 1 << 20;

    /// <summary>Largest dictionary (in PLAIN bytes) before a column chunk falls back to PLAIN.</summary>
    public const int DefaultDictionaryLimit = 1 << 20;

    /// <summary>Page compression: SNAPPY (default), GZIP or UNCOMPRESSED.</summary>
    public CompressionCodec Codec { get; init; } = CompressionCodec.Snappy;

    /// <summary>GZIP effort, when <see cref="Codec"/> is GZIP.</summary>
    public CompressionLevel GzipLevel { get; init; } = CompressionLevel.Optimal;

    /// <summary>Rows per row group for <see cref="ParquetFileWriter.Write"/>.</summary>
    public int RowGroupSize { get; init; } = DefaultRowGroupSize;

    /// <summary>Target encoded bytes per data page.</summary>
    public int PageSize { get; init; } = DefaultPageSize;

    /// <summary>Whether byte-array columns are dictionary-encoded (while the dictionary stays under <see cref="DictionaryLimit"/>).</summary>
    public bool Dictionary { get; init; } = true;

    /// <summary>Largest dictionary in bytes.</summary>
    public int DictionaryLimit { get; init; } = DefaultDictionaryLimit;

    /// <summary>INT32/INT64 columns to write with DELTA_BINARY_PACKED instead of PLAIN (compact for sorted ids).</summary>
    public IReadOnlySet<string> DeltaColumns { get; init; } = new HashSet<string>();

    /// <summary>Whether each page carries a CRC-32 of its bytes.</summary>
    public bool PageChecksums { get; init; } = true;

    /// <summary>File-level key-value metadata.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; init; } = [];

    /// <summary>The created_by string.</summary>
    public string CreatedBy { get; init; } = "als parquet writer version 1.0";
}
