namespace Data.Files;

/// <summary>
/// The values of one column of one row group, as Parquet.Net gives them: <see cref="Values"/> is an array of the column's
/// CLR type (<c>int[]</c>, <c>string?[]</c>, <c>byte[]?[]</c>, <c>DateTime[]</c> …), one entry per row, with
/// <see cref="Nulls"/> marking the rows that are null (their entry in <see cref="Values"/> is the type's default).
/// </summary>
public sealed class ParquetColumnValues
{
    /// <summary>Wraps values read for <paramref name="column"/>.</summary>
    public ParquetColumnValues(ParquetTableColumn column, Array values, bool[]? nulls)
    {
        ArgumentNullException.ThrowIfNull(values);
        Column = column;
        Values = values;
        Nulls = nulls;
    }

    /// <summary>The column.</summary>
    public ParquetTableColumn Column { get; }

    /// <summary>One value per row.</summary>
    public Array Values { get; }

    /// <summary>True where the row is null; null when no row is.</summary>
    public bool[]? Nulls { get; }

    /// <summary>Rows.</summary>
    public int Count => Values.Length;

    /// <summary>Null rows.</summary>
    public int NullCount
    {
        get
        {
            int count = 0;
            for (int row = 0; row < Count; row++) if (IsNull(row)) count++;
            return count;
        }
    }

    /// <summary>Whether <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => Nulls is not null ? Nulls[row] : Values.GetValue(row) is null;

    /// <summary>The value of <paramref name="row"/>, boxed (null for a null row).</summary>
    public object? this[int row] => IsNull(row) ? null : Values.GetValue(row);
}
