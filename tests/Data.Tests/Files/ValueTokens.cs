using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Data.Files;

namespace Data.Tests.Files;

/// <summary>
/// The corpus's token rules (expected.json, token_rules), written from their text: each value becomes a string,
/// and a column's checksum is the MD5 of its tokens joined with U+001F. This is the test oracle's side, kept
/// apart from the reader's code; it takes the CLR values Parquet.Net gives.
/// </summary>
internal static class ValueTokens
{
    private const string Null = "\\N";
    private const long TicksPerMicrosecond = 10;

    public static string Token(ParquetColumnValues data, int row, string kind)
    {
        object? value = data[row];
        if (value is null) return Null;
        return kind switch
        {
            "int" or "decimal_unscaled" => Integer(data, row).ToString(CultureInfo.InvariantCulture),
            "bool" => (bool)value ? "true" : "false",
            "float32" => FloatValue(data, row) is var f && double.IsNaN(f) ? "nan" : BitConverter.SingleToInt32Bits((float)f).ToString("x8", CultureInfo.InvariantCulture),
            "float64" => (double)value is var d && double.IsNaN(d) ? "nan" : BitConverter.DoubleToInt64Bits(d).ToString("x16", CultureInfo.InvariantCulture),
            "string" => (string)value,
            "bytes" => Convert.ToHexStringLower((byte[])value),
            "timestamp_us" => ((((DateTime)value).Ticks - DateTime.UnixEpoch.Ticks) / TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture),
            _ => throw new InvalidOperationException($"column '{data.Column.Name}': token kind {kind} is not for a flat reader"),
        };
    }

    /// <summary>The integer value of an int column, or the unscaled value of a decimal one.</summary>
    public static BigInteger Integer(ParquetColumnValues data, int row) => data[row] switch
    {
        decimal number => new BigInteger(number * Pow10(data.Column.Element.Scale ?? 0)),
        BigInteger number => number,
        IConvertible number when number is not decimal => number switch
        {
            ulong unsigned => unsigned,
            _ => new BigInteger(Convert.ToInt64(number, CultureInfo.InvariantCulture)),
        },
        var other => throw new InvalidOperationException($"column '{data.Column.Name}': {other?.GetType().Name} is not an integer"),
    };

    public static double FloatValue(ParquetColumnValues data, int row) => data[row] switch
    {
        float number => number,
        double number => number,
        Half number => (float)number,
        byte[] { Length: 2 } bytes => (float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(bytes)),
        var other => throw new InvalidOperationException($"column '{data.Column.Name}': {other?.GetType().Name} is not a float"),
    };

    /// <summary>MD5 (lowercase hex) of all tokens joined with U+001F.</summary>
    public static string Md5(IEnumerable<string> tokens)
    {
#pragma warning disable CA5351 // MD5 is the corpus's checksum of record, not a security measure.
        byte[] hash = MD5.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', tokens)));
#pragma warning restore CA5351
        return Convert.ToHexStringLower(hash);
    }

    private static decimal Pow10(int scale)
    {
        decimal result = 1;
        for (int i = 0; i < scale; i++) result *= 10;
        return result;
    }
}
