using System.Buffers.Binary;

namespace Parquet.Encodings;

/// <summary>
/// Little-endian bit packing as Parquet uses it: values of <c>bitWidth</c> bits laid out from the least
/// significant bit of the first byte on.
/// </summary>
internal static class BitPacking
{
    /// <summary>Bytes that <paramref name="count"/> values of <paramref name="bitWidth"/> bits occupy.</summary>
    public static long ByteCount(long count, int bitWidth) => (count * bitWidth + 7) / 8;

    /// <summary>Unpacks <paramref name="output"/>.Length values of <paramref name="bitWidth"/> (0–32) bits; <paramref name="input"/> must hold them.</summary>
    public static void Unpack32(ReadOnlySpan<byte> input, int bitWidth, Span<int> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        uint mask = bitWidth == 32 ? uint.MaxValue : (1u << bitWidth) - 1;
        long bit = 0;
        for (int i = 0; i < output.Length; i++, bit += bitWidth)
        {
            int offset = (int)(bit >> 3), shift = (int)(bit & 7);
            // Read up to 8 bytes around the value (padding with zeros past the input's end).
            ulong window = ReadWindow(input, offset);
            output[i] = (int)((uint)(window >> shift) & mask);
        }
    }

    /// <summary>Unpacks values of <paramref name="bitWidth"/> (0–64) bits into 64-bit integers.</summary>
    public static void Unpack64(ReadOnlySpan<byte> input, int bitWidth, Span<long> output)
    {
        if (bitWidth == 0)
        {
            output.Clear();
            return;
        }
        ulong mask = bitWidth == 64 ? ulong.MaxValue : (1UL << bitWidth) - 1;
        long bit = 0;
        for (int i = 0; i < output.Length; i++, bit += bitWidth)
        {
            int offset = (int)(bit >> 3), shift = (int)(bit & 7);
            ulong low = ReadWindow(input, offset) >> shift;
            if (shift + bitWidth > 64) low |= (ulong)(offset + 8 < input.Length ? input[offset + 8] : 0) << (64 - shift);
            output[i] = (long)(low & mask);
        }
    }

    /// <summary>Packs <paramref name="values"/> with <paramref name="bitWidth"/> (0–64) bits each into <paramref name="output"/> (cleared first).</summary>
    public static void Pack(ReadOnlySpan<long> values, int bitWidth, Span<byte> output)
    {
        output.Clear();
        long bit = 0;
        foreach (long value in values)
        {
            for (int b = 0; b < bitWidth; b++, bit++)
                if (((ulong)value >> b & 1) != 0) output[(int)(bit >> 3)] |= (byte)(1 << (int)(bit & 7));
        }
    }

    private static ulong ReadWindow(ReadOnlySpan<byte> input, int offset)
    {
        if (offset + 8 <= input.Length) return BinaryPrimitives.ReadUInt64LittleEndian(input[offset..]);
        ulong window = 0;
        for (int b = 0; offset + b < input.Length && b < 8; b++) window |= (ulong)input[offset + b] << (8 * b);
        return window;
    }
}
