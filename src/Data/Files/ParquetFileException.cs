using System.Globalization;

namespace Data.Files;

/// <summary>
/// A Parquet file could not be read or written: damaged, truncated, not Parquet, or holding something this adapter
/// refuses. The one exception the adapter lets out; the message names the file and, where known, the row group and
/// the column. It derives from Parquet.Net's own <see cref="Parquet.ParquetException"/>, so a caller that handles the
/// library's errors handles it too.
/// </summary>
public class ParquetFileException : Parquet.ParquetException
{
    /// <summary>A problem with <paramref name="file"/> at the given row group and column (either may be unknown).</summary>
    public ParquetFileException(string file, int? rowGroup, string? column, string problem, Exception? innerException = null)
        : base(Describe(file, rowGroup, column, problem), innerException!)
    {
        File = file;
        RowGroup = rowGroup;
        Column = column;
    }

    /// <summary>The file's name (as given to the adapter).</summary>
    public string File { get; }

    /// <summary>The row group (from 0), when the problem is in one.</summary>
    public int? RowGroup { get; }

    /// <summary>The column, when the problem is in one.</summary>
    public string? Column { get; }

    private static string Describe(string file, int? rowGroup, string? column, string problem)
    {
        string place = file;
        if (rowGroup is { } group) place += string.Create(CultureInfo.InvariantCulture, $", row group {group}");
        if (column is not null) place += $", column '{column}'";
        return $"{place}: {problem}";
    }
}
