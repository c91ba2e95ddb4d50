using System.Globalization;
using System.Text;

namespace Parquet;

/// <summary>
/// Where in a Parquet file something was found: the file, and as far as known the row group, column, page and
/// byte offset. Every error names its location.
/// </summary>
/// <param name="File">File name (or the name given for a stream).</param>
/// <param name="RowGroup">Row group index, when known.</param>
/// <param name="Column">Column name, when known.</param>
/// <param name="Page">Page index within the column chunk, when known.</param>
/// <param name="Offset">Byte offset in the file, when known.</param>
public sealed record ParquetLocation(string File, int? RowGroup = null, string? Column = null, int? Page = null, long? Offset = null)
{
    /// <summary>"file.parquet, row group 2, column 'plays', page 5, offset 1234" (unknown parts left out).</summary>
    public override string ToString()
    {
        var text = new StringBuilder(File);
        if (RowGroup is not null) text.Append(CultureInfo.InvariantCulture, $", row group {RowGroup}");
        if (Column is not null) text.Append(CultureInfo.InvariantCulture, $", column '{Column}'");
        if (Page is not null) text.Append(CultureInfo.InvariantCulture, $", page {Page}");
        if (Offset is not null) text.Append(CultureInfo.InvariantCulture, $", offset {Offset}");
        return text.ToString();
    }
}
