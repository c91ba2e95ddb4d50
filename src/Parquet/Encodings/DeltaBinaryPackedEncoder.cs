using System.Buffers;
using System.Numerics;

namespace Parquet.Encodings;

/// <summary>Encodes DELTA_BINARY_PACKED (layout on <see cref="DeltaBinaryPackedDecoder"/>) with blocks of 128 values in 4 miniblocks of 32.</summary>
internal static class DeltaBinaryPackedEncoder
{
    /// <summary>Values per block: the smallest the format allows, so short columns waste little.</summary>
    private const int BlockSize = 128;

    /// <summary>Miniblocks per block: 32 values each, so a run of similar deltas gets its own narrow width.</summary>
    private const int Miniblocks = 4;

    /// <summary>Appends the encoding of <paramref name="values"/>.</summary>
    public static void Encode(ReadOnlySpan<long> values, IBufferWriter<byte> output)
    {
        RleBitPackedEncoder.WriteVarint(output, BlockSize);
        RleBitPackedEncoder.WriteVarint(output, Miniblocks);
        RleBitPackedEncoder.WriteVarint(output, (ulong)values.Length);
        WriteZigzag(output, values.IsEmpty ? 0 : values[0]);
        const int perMiniblock = BlockSize / Miniblocks;
        Span<long> deltas = stackalloc long[BlockSize];
        for (int start = 1; start < values.Length; start += BlockSize)
        {
            int count = Math.Min(BlockSize, values.Length - start);
            long minDelta = long.MaxValue;
            for (int i = 0; i < count; i++)
            {
                deltas[i] = unchecked(values[start + i] - values[start + i - 1]);
                minDelta = Math.Min(minDelta, deltas[i]);
            }
            for (int i = 0; i < count; i++) deltas[i] = unchecked(deltas[i] - minDelta);
            deltas[count..].Clear();
            WriteZigzag(output, minDelta);
            Span<byte> widths = output.GetSpan(Miniblocks);
            int used = (count + perMiniblock - 1) / perMiniblock;
            for (int m = 0; m < Miniblocks; m++)
            {
                ulong largest = 0;
                if (m < used) for (int i = 0; i < perMiniblock; i++) largest |= (ulong)deltas[m * perMiniblock + i];
                widths[m] = (byte)(64 - BitOperations.LeadingZeroCount(largest));
            }
            byte[] widthCopy = widths[..Miniblocks].ToArray();
            output.Advance(Miniblocks);
            for (int m = 0; m < used; m++)
            {
                int bytes = perMiniblock * widthCopy[m] / 8;
                Span<byte> body = output.GetSpan(bytes)[..bytes];
                BitPacking.Pack(deltas.Slice(m * perMiniblock, perMiniblock), widthCopy[m], body);
                output.Advance(bytes);
            }
        }
    }

    private static void WriteZigzag(IBufferWriter<byte> output, long value) =>
        RleBitPackedEncoder.WriteVarint(output, (ulong)((value << 1) ^ (value >> 63)));
}
