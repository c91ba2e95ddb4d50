using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;

namespace Parquet.Tests.Conformance;

/// <summary>
/// The corpus's token rules (expected.json, token_rules), written from their text: each value becomes a string,
/// and a column's checksum is the MD5 of its tokens joined with U+001F. This is the test oracle's side, kept
/// apart from the reader's code.
/// </summary>
internal static class ValueTokens
{
    private const string Null = "\\N";
    private const long JulianDayOfEpoch = 2_440_588;
    private const long MicrosPerDay = 86_400_000_000;

    public static string Token(ColumnData data, int row, string kind)
    {
        if (data.IsNull(row)) return Null;
        ParquetColumn column = data.Column;
        return kind switch
        {
            "int" or "decimal_unscaled" => Integer(data, row).ToString(CultureInfo.InvariantCulture),
            "bool" => data.BooleanValues![row] ? "true" : "false",
            "float32" => Float32(data, row),
            "float64" => double.IsNaN(data.DoubleValues![row]) ? "nan"
                : BitConverter.DoubleToInt64Bits(data.DoubleValues[row]).ToString("x16", CultureInfo.InvariantCulture),
            "string" => Encoding.UTF8.GetString(data.BinaryValues![row]!),
            "bytes" => Convert.ToHexStringLower(data.BinaryValues![row]!),
            "timestamp_us" => TimestampMicros(data, row).ToString(CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"column '{column.Name}': token kind {kind} is not for a flat reader"),
        };
    }

    /// <summary>The integer value of an int or decimal column (unsigned annotations read unsigned; big-endian bytes for binary decimals).</summary>
    public static BigInteger Integer(ColumnData data, int row)
    {
        ParquetColumn column = data.Column;
        return column.PhysicalType switch
        {
            PhysicalType.Int32 => column.IsUnsigned ? (uint)data.Int32Values![row] : data.Int32Values![row],
            PhysicalType.Int64 => column.IsUnsigned ? (ulong)data.Int64Values![row] : data.Int64Values![row],
            _ => new BigInteger(data.BinaryValues![row], isUnsigned: false, isBigEndian: true),
        };
    }

    public static double FloatValue(ColumnData data, int row) => data.Column.PhysicalType switch
    {
        PhysicalType.Float => data.FloatValues![row],
        PhysicalType.Double => data.DoubleValues![row],
        _ => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(data.BinaryValues![row])),
    };

    private static string Float32(ColumnData data, int row)
    {
        float value = (float)FloatValue(data, row);
        return float.IsNaN(value) ? "nan" : BitConverter.SingleToInt32Bits(value).ToString("x8", CultureInfo.InvariantCulture);
    }

    private static long TimestampMicros(ColumnData data, int row)
    {
        if (data.Column.PhysicalType == PhysicalType.Int96)
        {
            byte[] bytes = data.BinaryValues![row]!;
            long nanos = BinaryPrimitives.ReadInt64LittleEndian(bytes);
            long julianDay = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
            return (julianDay - JulianDayOfEpoch) * MicrosPerDay + nanos / 1000;
        }
        long value = data.Int64Values![row];
        return data.Column.LogicalType?.Unit switch
        {
            TimeUnit.Millis => value * 1000,
            TimeUnit.Nanos => value / 1000,
            _ when data.Column.ConvertedType == ConvertedType.TimestampMillis => value * 1000,
            _ => value,
        };
    }

    /// <summary>MD5 (lowercase hex) of all tokens joined with U+001F.</summary>
    public static string Md5(IEnumerable<string> tokens)
    {
#pragma warning disable CA5351 // MD5 is the corpus's checksum of record, not a security measure.
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', tokens)));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }
}
