namespace Parquet.Reading;

/// <summary>
/// A column chunk's statistics, decoded to typed values where the column's order is known: min/max are int,
/// long, float, double, bool, string (UTF-8 columns) or byte[] (other binary); null when absent or not trusted
/// (legacy min/max of unsigned or binary columns, NaN bounds).
/// </summary>
/// <param name="NullCount">Null values, when the writer recorded it.</param>
/// <param name="DistinctCount">Distinct values, when recorded.</param>
/// <param name="NanCount">NaN values of a float column, when recorded.</param>
/// <param name="Min">Lower bound of the values.</param>
/// <param name="Max">Upper bound of the values.</param>
public sealed record ColumnStatistics(long? NullCount, long? DistinctCount, long? NanCount, object? Min, object? Max);
