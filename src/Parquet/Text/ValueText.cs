using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;

namespace Parquet.Text;

/// <summary>
/// A value as people read it: integers (unsigned where annotated), floats in shortest round-trip form, dates as
/// yyyy-MM-dd, timestamps (and INT96) as ISO 8601, decimals with their scale, strings as text, other bytes as
/// lowercase hex. <see cref="IsNumber"/> says whether JSON may print it unquoted.
/// </summary>
internal static class ValueText
{
    private const long JulianDayOfEpoch = 2_440_588;
    private const long TicksPerMicrosecond = 10;

    public static string Format(ColumnData data, int row)
    {
        ParquetColumn column = data.Column;
        if (column.IsDecimal) return Decimal(data, row);
        LogicalTypeKind kind = column.LogicalType?.Kind ?? LogicalTypeKind.None;
        switch (column.PhysicalType)
        {
            case PhysicalType.Boolean:
                return data.BooleanValues![row] ? "true" : "false";
            case PhysicalType.Int32 when kind == LogicalTypeKind.Date || column.ConvertedType == ConvertedType.Date:
                return DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + data.Int32Values![row])
                    .ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            case PhysicalType.Int32:
                return column.IsUnsigned ? ((uint)data.Int32Values![row]).ToString(CultureInfo.InvariantCulture)
                    : data.Int32Values![row].ToString(CultureInfo.InvariantCulture);
            case PhysicalType.Int64 when TimestampMicros(column, data.Int64Values![row]) is long micros:
                return Timestamp(micros);
            case PhysicalType.Int64:
                return column.IsUnsigned ? ((ulong)data.Int64Values![row]).ToString(CultureInfo.InvariantCulture)
                    : data.Int64Values![row].ToString(CultureInfo.InvariantCulture);
            case PhysicalType.Float:
                return data.FloatValues![row].ToString(CultureInfo.InvariantCulture);
            case PhysicalType.Double:
                return data.DoubleValues![row].ToString(CultureInfo.InvariantCulture);
            case PhysicalType.Int96:
            {
                byte[] bytes = data.BinaryValues![row]!;
                long nanos = BinaryPrimitives.ReadInt64LittleEndian(bytes), day = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
                return Timestamp((day - JulianDayOfEpoch) * 86_400_000_000L + nanos / 1000);
            }
            case PhysicalType.FixedLenByteArray when kind == LogicalTypeKind.Float16:
                return ((float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(data.BinaryValues![row]))).ToString(CultureInfo.InvariantCulture);
            case PhysicalType.ByteArray when column.IsString:
                return Encoding.UTF8.GetString(data.BinaryValues![row]!);
            default:
                return Convert.ToHexStringLower(data.BinaryValues![row]!);
        }
    }

    /// <summary>Whether the value's text is a JSON number (finite numbers, not dates, timestamps or text).</summary>
    public static bool IsNumber(ColumnData data, int row)
    {
        ParquetColumn column = data.Column;
        if (column.IsDecimal) return true;
        return column.PhysicalType switch
        {
            PhysicalType.Int32 => column.LogicalType?.Kind != LogicalTypeKind.Date && column.ConvertedType != ConvertedType.Date,
            PhysicalType.Int64 => TimestampMicros(column, 0) is null,
            PhysicalType.Float => float.IsFinite(data.FloatValues![row]),
            PhysicalType.Double => double.IsFinite(data.DoubleValues![row]),
            PhysicalType.FixedLenByteArray when column.LogicalType?.Kind == LogicalTypeKind.Float16 => true,
            _ => false,
        };
    }

    private static long? TimestampMicros(ParquetColumn column, long value)
    {
        if (column.LogicalType is { Kind: LogicalTypeKind.Timestamp } logical)
            return logical.Unit switch { TimeUnit.Millis => value * 1000, TimeUnit.Nanos => value / 1000, _ => value };
        return column.ConvertedType switch
        {
            ConvertedType.TimestampMillis => value * 1000,
            ConvertedType.TimestampMicros => value,
            _ => null,
        };
    }

    private static string Timestamp(long micros)
    {
        try
        {
            return DateTime.UnixEpoch.AddTicks(micros * TicksPerMicrosecond).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture);
        }
        catch (ArgumentOutOfRangeException)
        {
            return micros.ToString(CultureInfo.InvariantCulture) + "us";          // outside DateTime's years 1–9999
        }
    }

    private static string Decimal(ColumnData data, int row)
    {
        BigInteger unscaled = data.Column.PhysicalType switch
        {
            PhysicalType.Int32 => data.Int32Values![row],
            PhysicalType.Int64 => data.Int64Values![row],
            _ => new BigInteger(data.BinaryValues![row], isUnsigned: false, isBigEndian: true),
        };
        int scale = data.Column.Scale;
        string digits = BigInteger.Abs(unscaled).ToString(CultureInfo.InvariantCulture).PadLeft(scale + 1, '0');
        string text = scale == 0 ? digits : digits[..^scale] + "." + digits[^scale..];
        return unscaled.Sign < 0 ? "-" + text : text;
    }
}
