using System.Globalization;

namespace Parquet.Encodings;

/// <summary>
/// Decodes DELTA_BINARY_PACKED integers.
/// </summary>
/// <remarks>
/// <para>From Encodings.md:</para>
/// <code>
///   header    := varint(block size in values) varint(miniblocks per block) varint(total values) zigzag(first value)
///   block     := zigzag(min delta) byte[miniblocks](bit widths) miniblock*
///   miniblock := (block size / miniblocks) deltas − min delta, bit-packed at its width
/// </code>
/// <para>The block size is a multiple of 128 and a miniblock holds a multiple of 32 values. In the last block the
/// bit widths of unused miniblocks are present (any value) but their bodies are not. Arithmetic wraps, as the
/// spec allows deltas that overflow the value type.</para>
/// </remarks>
internal static class DeltaBinaryPackedDecoder
{
    /// <summary>Decodes all values the header announces; it must be exactly <paramref name="output"/>.Length.</summary>
    public static void Decode(ref PageCursor cursor, Span<long> output, string what)
    {
        int blockSize = cursor.ReadCount(what + " block size");
        int miniblocks = cursor.ReadCount(what + " miniblock count");
        int total = cursor.ReadCount(what + " value count");
        long value = cursor.ReadZigzag(what + " first value");
        if (blockSize == 0 || blockSize % 128 != 0 || miniblocks == 0 || blockSize % miniblocks != 0 || blockSize / miniblocks % 32 != 0)
            throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture,
                $"{what}: block size {blockSize} with {miniblocks} miniblocks is not a valid layout (multiples of 128 and 32)"));
        if (total != output.Length)
            throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: the header announces {total} values, the page needs {output.Length}"));
        if (total == 0) return;
        int perMiniblock = blockSize / miniblocks;
        Span<long> deltas = new long[perMiniblock];
        output[0] = value;
        int filled = 1;
        while (filled < total)
        {
            long minDelta = cursor.ReadZigzag(what + " min delta");
            ReadOnlySpan<byte> widths = cursor.Take(miniblocks, what + " bit widths");
            for (int m = 0; m < miniblocks && filled < total; m++)
            {
                int width = widths[m];
                if (width > 64) throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: miniblock bit width {width} exceeds 64"));
                int needed = Math.Min(perMiniblock, total - filled);
                int fullBytes = (int)BitPacking.ByteCount(perMiniblock, width);
                int neededBytes = (int)BitPacking.ByteCount(needed, width);
                if (neededBytes > cursor.Remaining) throw cursor.Truncated(neededBytes, what + " miniblock");
                ReadOnlySpan<byte> body = cursor.Take(Math.Min(fullBytes, cursor.Remaining), what + " miniblock");
                BitPacking.Unpack64(body, width, deltas[..needed]);
                for (int i = 0; i < needed; i++)
                {
                    value = unchecked(value + minDelta + deltas[i]);
                    output[filled++] = value;
                }
            }
        }
    }

    /// <summary>Decodes 32-bit integers (wrapping, as their writers computed them).</summary>
    public static void Decode(ref PageCursor cursor, Span<int> output, string what)
    {
        var wide = new long[output.Length];
        Decode(ref cursor, wide, what);
        for (int i = 0; i < output.Length; i++) output[i] = unchecked((int)wide[i]);
    }
}
