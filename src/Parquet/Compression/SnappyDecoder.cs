using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Parquet.Compression;

/// <summary>
/// Decodes a raw Snappy block into a caller's buffer (no allocation), checking every length and offset.
/// IronSnappy compresses, and is the test oracle for this decoder; its own decoder allocates a new array per
/// page, which at ~1 MiB per page churns the large-object heap.
/// </summary>
/// <remarks>
/// <para>The block format (google/snappy, format_description.txt):</para>
/// <code>
///   block   := varint(uncompressed length) element*
///   element := tag byte; tag &amp; 3 selects:
///     0 literal:  length − 1 = tag &gt;&gt; 2 (values 60–63: in the next 1–4 bytes, little-endian), then the bytes
///     1 copy:     length = 4 + ((tag &gt;&gt; 2) &amp; 7), offset = ((tag &gt;&gt; 5) &lt;&lt; 8) | next byte
///     2 copy:     length = 1 + (tag &gt;&gt; 2), offset = next 2 bytes (LE)
///     3 copy:     length = 1 + (tag &gt;&gt; 2), offset = next 4 bytes (LE)
///   a copy repeats output from `offset` bytes back; offset &lt; length repeats a pattern
/// </code>
/// </remarks>
internal static class SnappyDecoder
{
    /// <summary>The uncompressed length a block declares.</summary>
    public static long DeclaredLength(ReadOnlySpan<byte> input, out int headerLength)
    {
        ulong value = 0;
        for (int i = 0; i < 5; i++)
        {
            if (i >= input.Length) break;
            value |= (ulong)(input[i] & 0x7F) << (7 * i);
            if ((input[i] & 0x80) == 0)
            {
                headerLength = i + 1;
                return (long)value;
            }
        }
        headerLength = 0;
        return -1;
    }

    /// <summary>Decodes <paramref name="input"/> into exactly <paramref name="output"/>.Length bytes.</summary>
    /// <exception cref="ParquetFormatException">The block is malformed (named position) or decodes to another length.</exception>
    public static void Decode(ReadOnlySpan<byte> input, Span<byte> output, ParquetLocation location)
    {
        long declared = DeclaredLength(input, out int position);
        if (declared != output.Length)
            throw Error(location, declared < 0 ? "SNAPPY data has no valid length header"
                : $"SNAPPY data holds {declared} bytes but the page header says {output.Length}");
        int written = 0;
        while (position < input.Length)
        {
            byte tag = input[position++];
            int length, offset;
            switch (tag & 3)
            {
                case 0:
                {
                    length = tag >> 2;
                    if (length >= 60)
                    {
                        int bytes = length - 59;
                        if (bytes > input.Length - position) throw Error(location, $"SNAPPY literal length runs past the data at byte {position}");
                        length = 0;
                        for (int b = 0; b < bytes; b++) length |= input[position + b] << (8 * b);
                        position += bytes;
                        if (length < 0) throw Error(location, $"SNAPPY literal length overflows at byte {position}");
                    }
                    length++;
                    if (length > input.Length - position || length > output.Length - written)
                        throw Error(location, $"SNAPPY literal of {length} bytes at byte {position} runs past the data or the page");
                    if (length <= 16 && input.Length - position >= 16 && output.Length - written >= 16)
                        Copy16(ref MemoryMarshal.GetReference(input[position..]), ref MemoryMarshal.GetReference(output[written..]));   // short literal: one 16-byte move, the excess is overwritten later
                    else
                        input.Slice(position, length).CopyTo(output[written..]);
                    position += length;
                    written += length;
                    continue;
                }
                case 1:
                    if (position >= input.Length) throw Error(location, "SNAPPY copy is cut off");
                    length = 4 + ((tag >> 2) & 7);
                    offset = ((tag >> 5) << 8) | input[position++];
                    break;
                case 2:
                    if (input.Length - position < 2) throw Error(location, "SNAPPY copy is cut off");
                    length = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadUInt16LittleEndian(input[position..]);
                    position += 2;
                    break;
                default:
                    if (input.Length - position < 4) throw Error(location, "SNAPPY copy is cut off");
                    length = 1 + (tag >> 2);
                    offset = BinaryPrimitives.ReadInt32LittleEndian(input[position..]);
                    position += 4;
                    break;
            }
            if (offset <= 0 || offset > written)
                throw Error(location, $"SNAPPY copy offset {offset} with {written} bytes decoded (at byte {position})");
            if (length > output.Length - written)
                throw Error(location, $"SNAPPY copy of {length} bytes runs past the page's {output.Length} (at byte {position})");
            if (output.Length - written >= length + 16)
                FastCopy(output, written, offset, length);
            else if (offset >= length)
                output.Slice(written - offset, length).CopyTo(output[written..]);
            else
                for (int i = 0; i < length; i++) output[written + i] = output[written - offset + i];   // overlapping: a repeating pattern
            written += length;
        }
        if (written != output.Length)
            throw Error(location, $"SNAPPY data decoded to {written} bytes, the page header says {output.Length}");
    }

    /// <summary>
    /// Copies a match in 8-byte words; the caller guarantees 16 bytes of room past its end, which may be
    /// overwritten. A pattern shorter than 8 bytes is first written byte by byte for 8 bytes, then words are
    /// copied from a whole number of periods back, which always lies in bytes already written.
    /// </summary>
    private static void FastCopy(Span<byte> output, int written, int offset, int length)
    {
        ref byte start = ref MemoryMarshal.GetReference(output);
        int step = offset;
        if (offset < 8)
        {
            for (int i = 0; i < 8; i++) Unsafe.Add(ref start, written + i) = Unsafe.Add(ref start, written - offset + i);
            step = offset * ((8 + offset - 1) / offset);
            for (int i = 8; i < length; i += 8)
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, written + i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, written + i - step)));
            return;
        }
        for (int i = 0; i < length; i += 8)
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref start, written + i), Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref start, written - step + i)));
    }

    private static void Copy16(ref byte source, ref byte destination) =>
        Unsafe.WriteUnaligned(ref destination, Unsafe.ReadUnaligned<System.Runtime.Intrinsics.Vector128<byte>>(ref source));

    private static ParquetFormatException Error(ParquetLocation location, string message) =>
        new(location, message.ToString(CultureInfo.InvariantCulture));
}
