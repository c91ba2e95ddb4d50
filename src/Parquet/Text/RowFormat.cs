namespace Parquet.Text;

/// <summary>Text formats for rows.</summary>
public enum RowFormat
{
    /// <summary>CSV with a header row, RFC 4180 quoting, nulls as empty fields.</summary>
    Csv,

    /// <summary>One JSON object per line, nulls as null.</summary>
    JsonLines,
}
