using System.Globalization;

namespace Parquet.Encodings;

/// <summary>
/// Decodes the RLE/bit-packed hybrid (levels, boolean RLE, dictionary indices).
/// </summary>
/// <remarks>
/// <para>From the format's Encodings.md:</para>
/// <code>
///   encoded-data   := run*
///   run            := bit-packed-run | rle-run
///   bit-packed-run := varint((groups &lt;&lt; 1) | 1) then groups × 8 values, bit-packed LSB first
///   rle-run        := varint(count &lt;&lt; 1) then the value in ceil(bit-width / 8) bytes, little-endian
/// </code>
/// <para>The caller strips any length prefix. Some writers end the last bit-packed run early (fewer bytes than
/// its groups claim) when the values it needs are already complete: that is accepted as long as every
/// requested value is present; a run that asks for more values than the caller wants is cut.</para>
/// </remarks>
internal static class RleBitPackedDecoder
{
    /// <summary>Decodes exactly <paramref name="output"/>.Length values of <paramref name="bitWidth"/> bits from <paramref name="cursor"/>.</summary>
    public static void Decode(ref PageCursor cursor, int bitWidth, Span<int> output, string what)
    {
        if (bitWidth is < 0 or > 32) throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: bit width {bitWidth} is outside 0..32"));
        int byteWidth = (bitWidth + 7) / 8;
        int filled = 0;
        while (filled < output.Length)
        {
            if (cursor.Remaining == 0)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: the data ends after {filled} of {output.Length} values"));
            ulong header = cursor.ReadVarint(what);
            if ((header & 1) == 0)
            {
                ulong runLength = header >> 1;
                if (runLength == 0) throw cursor.Corrupt($"{what}: an RLE run of length 0");
                ReadOnlySpan<byte> bytes = cursor.Take(byteWidth, what);
                int value = 0;
                for (int b = 0; b < byteWidth; b++) value |= bytes[b] << (8 * b);
                if (bitWidth < 32 && (uint)value >> bitWidth != 0)
                    throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: RLE value {value} does not fit {bitWidth} bits"));
                int take = (int)Math.Min(runLength, (ulong)(output.Length - filled));
                output.Slice(filled, take).Fill(value);
                filled += take;
            }
            else
            {
                ulong groups = header >> 1;
                if (groups == 0) throw cursor.Corrupt($"{what}: a bit-packed run of 0 groups");
                long values = (long)Math.Min(groups * 8, (ulong)int.MaxValue);
                int take = (int)Math.Min(values, output.Length - filled);
                long runBytes = BitPacking.ByteCount(Math.Min(values, (long)groups * 8), bitWidth);
                long neededBytes = BitPacking.ByteCount(take, bitWidth);
                if (neededBytes > cursor.Remaining) throw cursor.Truncated(neededBytes, what);
                int available = (int)Math.Min(runBytes, cursor.Remaining);   // a run may be cut short after the last needed value
                ReadOnlySpan<byte> bytes = cursor.Take(available, what);
                BitPacking.Unpack32(bytes, bitWidth, output.Slice(filled, take));
                filled += take;
            }
        }
    }
}
