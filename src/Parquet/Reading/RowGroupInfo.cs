namespace Parquet.Reading;

/// <summary>What the footer says about one row group.</summary>
/// <param name="Index">Position in the file.</param>
/// <param name="RowCount">Rows.</param>
/// <param name="Columns">One chunk per schema column, in schema order.</param>
public sealed record RowGroupInfo(int Index, long RowCount, IReadOnlyList<ColumnChunkInfo> Columns)
{
    /// <summary>Bytes of all its chunks in the file.</summary>
    public long CompressedSize => Columns.Sum(column => column.CompressedSize);
}
