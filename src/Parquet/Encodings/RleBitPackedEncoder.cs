using System.Buffers;

namespace Parquet.Encodings;

/// <summary>
/// Encodes the RLE/bit-packed hybrid (grammar on <see cref="RleBitPackedDecoder"/>): runs of at least
/// <see cref="MinRepeat"/> equal values become RLE runs, everything else bit-packed groups of 8.
/// </summary>
internal static class RleBitPackedEncoder
{
    /// <summary>Shortest repeat worth an RLE run: 8 values, one bit-packed group.</summary>
    private const int MinRepeat = 8;

    /// <summary>Appends the encoding of <paramref name="values"/> to <paramref name="output"/>.</summary>
    public static void Encode(ReadOnlySpan<int> values, int bitWidth, IBufferWriter<byte> output)
    {
        int byteWidth = (bitWidth + 7) / 8;
        int position = 0;
        while (position < values.Length)
        {
            int repeat = RepeatLength(values, position);
            if (repeat >= MinRepeat)
            {
                WriteVarint(output, (ulong)repeat << 1);
                Span<byte> value = output.GetSpan(byteWidth);
                for (int b = 0; b < byteWidth; b++) value[b] = (byte)(values[position] >> (8 * b));
                output.Advance(byteWidth);
                position += repeat;
                continue;
            }
            // Bit-pack groups of 8 until a long repeat starts (at a group boundary) or the values end.
            int start = position;
            while (position < values.Length)
            {
                if (position > start && RepeatLength(values, position) >= MinRepeat) break;
                position = Math.Min(position + 8, values.Length);
            }
            int count = position - start, groups = (count + 7) / 8;
            WriteVarint(output, ((ulong)groups << 1) | 1);
            int bytes = groups * bitWidth;
            Span<long> padded = new long[groups * 8];
            for (int i = 0; i < count; i++) padded[i] = values[start + i];
            Span<byte> target = output.GetSpan(bytes);
            BitPacking.Pack(padded, bitWidth, target[..bytes]);
            output.Advance(bytes);
        }
    }

    /// <summary>Bit width needed for values up to <paramref name="maximum"/>.</summary>
    public static int BitWidth(int maximum) => maximum <= 0 ? 0 : 32 - System.Numerics.BitOperations.LeadingZeroCount((uint)maximum);

    private static int RepeatLength(ReadOnlySpan<int> values, int position)
    {
        int end = position + 1;
        while (end < values.Length && values[end] == values[position]) end++;
        return end - position;
    }

    internal static void WriteVarint(IBufferWriter<byte> output, ulong value)
    {
        Span<byte> bytes = output.GetSpan(10);
        int count = 0;
        do
        {
            byte next = (byte)(value & 0x7F);
            value >>= 7;
            bytes[count++] = value == 0 ? next : (byte)(next | 0x80);
        }
        while (value != 0);
        output.Advance(count);
    }
}
