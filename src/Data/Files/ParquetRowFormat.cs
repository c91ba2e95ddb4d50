namespace Data.Files;

/// <summary>How <see cref="ParquetText.WriteRows"/> prints rows.</summary>
public enum ParquetRowFormat
{
    /// <summary>A header row, then RFC 4180 CSV; nulls are empty fields.</summary>
    Csv,

    /// <summary>One JSON object per line; nulls are JSON null, floats stay JSON floats.</summary>
    JsonLines,
}
