using System.Globalization;

namespace Parquet.Encodings;

/// <summary>
/// Decoders of variable-length byte arrays: PLAIN (4-byte length, bytes), DELTA_LENGTH_BYTE_ARRAY (all lengths
/// delta-packed, then all bytes) and DELTA_BYTE_ARRAY (prefix lengths and suffix lengths delta-packed, then the
/// suffix bytes; each value is the previous value's prefix plus its suffix).
/// </summary>
internal static class ByteArrayDecoders
{
    public static void DecodePlain(ref PageCursor cursor, Span<byte[]?> output, string what)
    {
        for (int i = 0; i < output.Length; i++)
        {
            int length = cursor.ReadInt32(what + " length");
            if (length < 0) throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: negative length {length}"));
            output[i] = cursor.Take(length, what).ToArray();
        }
    }

    public static void DecodeFixed(ref PageCursor cursor, int width, Span<byte[]?> output, string what)
    {
        for (int i = 0; i < output.Length; i++) output[i] = cursor.Take(width, what).ToArray();
    }

    public static void DecodeDeltaLength(ref PageCursor cursor, Span<byte[]?> output, string what)
    {
        var lengths = new long[output.Length];
        DeltaBinaryPackedDecoder.Decode(ref cursor, lengths, what + " lengths");
        for (int i = 0; i < output.Length; i++)
        {
            if (lengths[i] < 0 || lengths[i] > cursor.Remaining)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: value {i} has length {lengths[i]} with {cursor.Remaining} bytes left"));
            output[i] = cursor.Take((int)lengths[i], what).ToArray();
        }
    }

    public static void DecodeDelta(ref PageCursor cursor, Span<byte[]?> output, string what)
    {
        var prefixes = new long[output.Length];
        DeltaBinaryPackedDecoder.Decode(ref cursor, prefixes, what + " prefix lengths");
        var suffixes = new long[output.Length];
        DeltaBinaryPackedDecoder.Decode(ref cursor, suffixes, what + " suffix lengths");
        byte[] previous = [];
        for (int i = 0; i < output.Length; i++)
        {
            long prefix = prefixes[i], suffix = suffixes[i];
            if (prefix < 0 || prefix > previous.Length)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: value {i} shares {prefix} bytes of a {previous.Length}-byte predecessor"));
            if (suffix < 0 || suffix > cursor.Remaining)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: value {i} has suffix length {suffix} with {cursor.Remaining} bytes left"));
            var value = new byte[prefix + suffix];
            previous.AsSpan(0, (int)prefix).CopyTo(value);
            cursor.Take((int)suffix, what).CopyTo(value.AsSpan((int)prefix));
            output[i] = previous = value;
        }
    }

    /// <summary>BYTE_STREAM_SPLIT: byte b of value i is at stream b, position i; the page holds exactly width × count bytes.</summary>
    public static void DecodeByteStreamSplit(ref PageCursor cursor, int width, int count, Span<byte> output, string what)
    {
        long size = (long)width * count;
        if (size != cursor.Remaining)
            throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what}: BYTE_STREAM_SPLIT of {count} values × {width} bytes needs {size} bytes, the page has {cursor.Remaining}"));
        ReadOnlySpan<byte> streams = cursor.Take((int)size, what);
        for (int b = 0; b < width; b++)
        {
            ReadOnlySpan<byte> stream = streams.Slice(b * count, count);
            for (int i = 0; i < count; i++) output[i * width + b] = stream[i];
        }
    }
}
