using Parquet.Metadata;

namespace Parquet.Reading;

/// <summary>What the footer says about one column chunk.</summary>
/// <param name="Column">Column name.</param>
/// <param name="Codec">Compression codec.</param>
/// <param name="Encodings">Encodings used by its pages.</param>
/// <param name="ValueCount">Values (including nulls).</param>
/// <param name="CompressedSize">Bytes in the file, page headers included.</param>
/// <param name="UncompressedSize">Bytes uncompressed, page headers included.</param>
/// <param name="FileOffset">Where its first page starts.</param>
/// <param name="Statistics">Min, max and counts, when written.</param>
/// <param name="KeyValueMetadata">The chunk's own key-value metadata.</param>
public sealed record ColumnChunkInfo(string Column, CompressionCodec Codec, IReadOnlyList<ParquetEncoding> Encodings, long ValueCount,
    long CompressedSize, long UncompressedSize, long FileOffset, ColumnStatistics? Statistics,
    IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata);
