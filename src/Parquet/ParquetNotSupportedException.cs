namespace Parquet;

/// <summary>
/// The file is valid Parquet but uses something this library deliberately does not read: a nested schema, a
/// codec other than UNCOMPRESSED, SNAPPY and GZIP, encryption. Names the column and the feature.
/// </summary>
public sealed class ParquetNotSupportedException : ParquetException
{
    /// <summary>An unsupported <paramref name="feature"/> at <paramref name="location"/>.</summary>
    public ParquetNotSupportedException(ParquetLocation location, string feature, string message)
        : base(location, $"not supported: {message}")
    {
        Feature = feature;
    }

    /// <summary>The feature, e.g. "codec ZSTD" or "nested column".</summary>
    public string Feature { get; }
}
