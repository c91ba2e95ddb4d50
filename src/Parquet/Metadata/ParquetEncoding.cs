namespace Parquet.Metadata;

/// <summary>Value and level encodings (Thrift <c>Encoding</c>).</summary>
public enum ParquetEncoding
{
    /// <summary>Values back to back (lengths before byte arrays).</summary>
    Plain = 0,
    /// <summary>Legacy name of dictionary encoding.</summary>
    PlainDictionary = 2,
    /// <summary>RLE/bit-packed hybrid (levels, booleans).</summary>
    Rle = 3,
    /// <summary>Legacy bit packing of levels.</summary>
    BitPacked = 4,
    /// <summary>Delta encoding of integers.</summary>
    DeltaBinaryPacked = 5,
    /// <summary>Delta-encoded lengths, then the bytes.</summary>
    DeltaLengthByteArray = 6,
    /// <summary>Shared prefixes plus delta-length suffixes.</summary>
    DeltaByteArray = 7,
    /// <summary>Dictionary indices in the RLE/bit-packed hybrid.</summary>
    RleDictionary = 8,
    /// <summary>Bytes of fixed-width values split into streams.</summary>
    ByteStreamSplit = 9,
}
