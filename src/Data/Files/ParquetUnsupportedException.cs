namespace Data.Files;

/// <summary>A valid Parquet file that holds something this adapter refuses (a nested column, encryption); the message names it.</summary>
public sealed class ParquetUnsupportedException : ParquetFileException
{
    /// <summary>The feature <paramref name="feature"/> of <paramref name="file"/> (at <paramref name="column"/>, if known) is not supported.</summary>
    public ParquetUnsupportedException(string file, string? column, string feature)
        : base(file, null, column, $"not supported: {feature}")
    {
        Feature = feature;
    }

    /// <summary>What is not supported.</summary>
    public string Feature { get; }
}
