using System.Buffers.Binary;
using System.Text;
using Parquet.Metadata;
using Parquet.Schema;

namespace Parquet.Reading;

/// <summary>Decodes PLAIN-encoded statistics bounds to typed values (see <see cref="ColumnStatistics"/>).</summary>
internal static class StatisticsDecoder
{
    public static ColumnStatistics? Decode(ThriftStatistics? statistics, ParquetColumn column)
    {
        if (statistics is null) return null;
        // min_value/max_value follow the column's sort order; the legacy min/max are signed-only and trusted
        // only where signed order is the right one (signed integers, floats).
        bool legacyTrusted = !column.IsUnsigned && column.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64
            or PhysicalType.Float or PhysicalType.Double or PhysicalType.Boolean;
        byte[]? min = statistics.MinValue ?? (legacyTrusted ? statistics.Min : null);
        byte[]? max = statistics.MaxValue ?? (legacyTrusted ? statistics.Max : null);
        return new ColumnStatistics(statistics.NullCount, statistics.DistinctCount, statistics.NanCount, Value(min, column), Value(max, column));
    }

    private static object? Value(byte[]? bytes, ParquetColumn column)
    {
        if (bytes is null) return null;
        object? value = column.PhysicalType switch
        {
            PhysicalType.Boolean when bytes.Length >= 1 => bytes[0] != 0,
            PhysicalType.Int32 when bytes.Length >= 4 => BinaryPrimitives.ReadInt32LittleEndian(bytes),
            PhysicalType.Int64 when bytes.Length >= 8 => BinaryPrimitives.ReadInt64LittleEndian(bytes),
            PhysicalType.Float when bytes.Length >= 4 => BinaryPrimitives.ReadSingleLittleEndian(bytes),
            PhysicalType.Double when bytes.Length >= 8 => BinaryPrimitives.ReadDoubleLittleEndian(bytes),
            PhysicalType.ByteArray when column.IsString => Encoding.UTF8.GetString(bytes),
            PhysicalType.ByteArray or PhysicalType.FixedLenByteArray => bytes,
            _ => null,
        };
        return value switch
        {
            float f when float.IsNaN(f) => null,
            double d when double.IsNaN(d) => null,
            _ => value,
        };
    }

    /// <summary>The PLAIN bytes of a bound (writer side): fixed-width little-endian, byte arrays as is.</summary>
    public static byte[] Encode(object value) => value switch
    {
        bool b => [b ? (byte)1 : (byte)0],
        int i => BitConverter.GetBytes(i),
        long l => BitConverter.GetBytes(l),
        float f => BitConverter.GetBytes(f),
        double d => BitConverter.GetBytes(d),
        byte[] bytes => bytes,
        _ => throw new ArgumentException($"No PLAIN statistics encoding for {value.GetType().Name}."),
    };
}
