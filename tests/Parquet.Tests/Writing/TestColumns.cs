using System.Text;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;

namespace Parquet.Tests.Writing;

/// <summary>Random columns of every writable type, and exact comparison of what comes back.</summary>
internal static class TestColumns
{
    public static readonly Func<string, bool, ParquetColumn>[] Kinds =
    [
        ParquetColumn.Int32, ParquetColumn.Int64, ParquetColumn.Float, ParquetColumn.Double, ParquetColumn.Boolean,
        ParquetColumn.String, ParquetColumn.Binary, (name, optional) => ParquetColumn.FixedLength(name, 3, optional),
        ParquetColumn.Date, ParquetColumn.TimestampMicros, (name, optional) => ParquetColumn.Decimal64(name, 12, 3, optional),
    ];

    /// <summary>Random values for <paramref name="column"/>: a small alphabet of strings (dictionary-friendly), NaN, ±0 and extremes included.</summary>
    public static ColumnData Random(ParquetColumn column, int rows, double nullShare, Random random)
    {
        bool[]? validity = null;
        if (column.IsOptional && nullShare > 0)
        {
            validity = new bool[rows];
            for (int row = 0; row < rows; row++) validity[row] = random.NextDouble() >= nullShare;
        }
        bool Null(int row) => validity is not null && !validity[row];
        switch (column.PhysicalType)
        {
            case PhysicalType.Int32:
                return ColumnData.FromInt32(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? 0 : Pick(random, [0, 1, -1, int.MinValue, int.MaxValue], random.Next(-1000, 1000)))], validity);
            case PhysicalType.Int64:
                return ColumnData.FromInt64(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? 0 : Pick(random, [0L, long.MinValue, long.MaxValue], random.NextInt64()))], validity);
            case PhysicalType.Float:
                return ColumnData.FromFloat(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? 0 : Pick(random, [float.NaN, -0f, 0f, float.PositiveInfinity, float.MinValue], (float)(random.NextDouble() * 200 - 100)))], validity);
            case PhysicalType.Double:
                return ColumnData.FromDouble(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? 0 : Pick(random, [double.NaN, -0.0, double.NegativeInfinity, double.Epsilon], random.NextDouble() * 1e6 - 5e5))], validity);
            case PhysicalType.Boolean:
                return ColumnData.FromBoolean(column, [.. Enumerable.Range(0, rows).Select(row => !Null(row) && random.Next(2) == 1)], validity);
            case PhysicalType.FixedLenByteArray:
                return ColumnData.FromBinary(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? null : new[] { (byte)random.Next(256), (byte)random.Next(4), (byte)0 })]);
            default:
                string[] alphabet = ["", "a", "Björk", "東京事変", "quote\"comma,", new string('x', 300)];
                return ColumnData.FromBinary(column, [.. Enumerable.Range(0, rows).Select(row => Null(row) ? null
                    : random.Next(4) == 0 ? Encoding.UTF8.GetBytes("u" + random.Next(100_000)) : Encoding.UTF8.GetBytes(alphabet[random.Next(alphabet.Length)]))]);
        }
    }

    private static T Pick<T>(Random random, T[] specials, T ordinary) => random.Next(10) == 0 ? specials[random.Next(specials.Length)] : ordinary;

    /// <summary>Asserts <paramref name="actual"/> holds exactly <paramref name="expected"/>'s rows (floats by bit pattern, nulls included).</summary>
    public static void AssertEqual(ColumnData expected, ColumnData actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: {actual.Count} rows, expected {expected.Count}");
        for (int row = 0; row < expected.Count; row++)
        {
            Assert.True(expected.IsNull(row) == actual.IsNull(row), $"{context}: row {row} null {actual.IsNull(row)}");
            if (expected.IsNull(row)) continue;
            bool same = expected.Column.PhysicalType switch
            {
                PhysicalType.Int32 => expected.Int32Values![row] == actual.Int32Values![row],
                PhysicalType.Int64 => expected.Int64Values![row] == actual.Int64Values![row],
                PhysicalType.Float => BitConverter.SingleToInt32Bits(expected.FloatValues![row]) == BitConverter.SingleToInt32Bits(actual.FloatValues![row]),
                PhysicalType.Double => BitConverter.DoubleToInt64Bits(expected.DoubleValues![row]) == BitConverter.DoubleToInt64Bits(actual.DoubleValues![row]),
                PhysicalType.Boolean => expected.BooleanValues![row] == actual.BooleanValues![row],
                _ => expected.BinaryValues![row].AsSpan().SequenceEqual(actual.BinaryValues![row]),
            };
            Assert.True(same, $"{context}: row {row} differs");
        }
    }
}
