using Parquet.Metadata;
using Parquet.Reading;

namespace Parquet.Writing;

/// <summary>
/// Column-chunk statistics as the format asks: null count always; min/max by the column's order (signed
/// integers, unsigned for UINT annotations, floats ignoring NaN with a zero minimum written as −0.0 and a zero
/// maximum as +0.0, byte arrays unsigned lexicographically); NaN count for floats.
/// </summary>
internal static class StatisticsBuilder
{
    /// <summary>Byte-array bounds longer than this are left out: they would bloat the footer for little pruning value.</summary>
    private const int MaxBinaryBound = 4096;

    public static ThriftStatistics Build(ColumnData data, int[] present)
    {
        var statistics = new ThriftStatistics { NullCount = data.Count - present.Length };
        if (present.Length == 0) return statistics;
        object? min = null, max = null;
        switch (data.Column.PhysicalType)
        {
            case PhysicalType.Boolean:
                min = present.All(row => data.BooleanValues![row]);
                max = present.Any(row => data.BooleanValues![row]);
                break;
            case PhysicalType.Int32 when data.Column.IsUnsigned:
                min = (int)present.Min(row => (uint)data.Int32Values![row]);
                max = (int)present.Max(row => (uint)data.Int32Values![row]);
                break;
            case PhysicalType.Int32:
                min = present.Min(row => data.Int32Values![row]);
                max = present.Max(row => data.Int32Values![row]);
                break;
            case PhysicalType.Int64 when data.Column.IsUnsigned:
                min = (long)present.Min(row => (ulong)data.Int64Values![row]);
                max = (long)present.Max(row => (ulong)data.Int64Values![row]);
                break;
            case PhysicalType.Int64:
                min = present.Min(row => data.Int64Values![row]);
                max = present.Max(row => data.Int64Values![row]);
                break;
            case PhysicalType.Float:
            {
                float[] values = [.. present.Select(row => data.FloatValues![row]).Where(v => !float.IsNaN(v))];
                statistics.NanCount = present.Length - values.Length;
                if (values.Length > 0)
                {
                    float low = values.Min(), high = values.Max();
                    min = low == 0 ? -0.0f : low;
                    max = high == 0 ? 0.0f : high;
                }
                break;
            }
            case PhysicalType.Double:
            {
                double[] values = [.. present.Select(row => data.DoubleValues![row]).Where(v => !double.IsNaN(v))];
                statistics.NanCount = present.Length - values.Length;
                if (values.Length > 0)
                {
                    double low = values.Min(), high = values.Max();
                    min = low == 0 ? -0.0 : low;
                    max = high == 0 ? 0.0 : high;
                }
                break;
            }
            case PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
            {
                byte[] low = data.BinaryValues![present[0]]!, high = low;
                foreach (int row in present)
                {
                    byte[] value = data.BinaryValues[row]!;
                    if (value.AsSpan().SequenceCompareTo(low) < 0) low = value;
                    if (value.AsSpan().SequenceCompareTo(high) > 0) high = value;
                }
                if (low.Length <= MaxBinaryBound && high.Length <= MaxBinaryBound)
                {
                    min = low;
                    max = high;
                }
                break;
            }
        }
        if (min is not null && max is not null)
        {
            statistics.MinValue = StatisticsDecoder.Encode(min);
            statistics.MaxValue = StatisticsDecoder.Encode(max);
        }
        return statistics;
    }
}
