using System.Globalization;
using System.IO.Compression;
using Parquet.Metadata;

namespace Parquet.Compression;

/// <summary>Decompresses and compresses page bodies for UNCOMPRESSED, SNAPPY (IronSnappy) and GZIP; other codecs are not supported.</summary>
internal static class PageCompression
{
    /// <summary>
    /// Largest uncompressed/compressed ratio accepted: DEFLATE tops out near 1032:1 and Snappy far below, so a
    /// page claiming more is corrupt, and no header can make the reader allocate beyond ~1000× the file size.
    /// </summary>
    internal const int MaxExpansion = 1100;

    /// <summary>Slack for tiny pages whose headers and framing exceed the ratio bound.</summary>
    private const int SmallPageAllowance = 64 * 1024;

    /// <summary>Whether this library reads and writes <paramref name="codec"/>.</summary>
    public static bool IsSupported(CompressionCodec codec) =>
        codec is CompressionCodec.Uncompressed or CompressionCodec.Snappy or CompressionCodec.Gzip;

    /// <summary>The codec's name as the format spells it.</summary>
    public static string Name(CompressionCodec codec) => codec switch
    {
        CompressionCodec.Uncompressed => "UNCOMPRESSED",
        CompressionCodec.Snappy => "SNAPPY",
        CompressionCodec.Gzip => "GZIP",
        CompressionCodec.Lzo => "LZO",
        CompressionCodec.Brotli => "BROTLI",
        CompressionCodec.Lz4 => "LZ4",
        CompressionCodec.Zstd => "ZSTD",
        CompressionCodec.Lz4Raw => "LZ4_RAW",
        _ => "codec " + ((int)codec).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Throws the not-supported error for <paramref name="codec"/> unless it is supported.</summary>
    public static void CheckSupported(CompressionCodec codec, ParquetLocation location)
    {
        if (!IsSupported(codec))
            throw new ParquetNotSupportedException(location, "codec " + Name(codec),
                $"compression codec {Name(codec)} (supported: UNCOMPRESSED, SNAPPY, GZIP)");
    }

    /// <summary>Decompresses <paramref name="input"/> into exactly <paramref name="uncompressedSize"/> bytes.</summary>
    /// <exception cref="ParquetFormatException">The size is implausible or the data does not decompress to it.</exception>
    public static byte[] Decompress(CompressionCodec codec, ReadOnlySpan<byte> input, int uncompressedSize, ParquetLocation location)
    {
        CheckSupported(codec, location);
        if (uncompressedSize < 0 || (long)uncompressedSize > (long)input.Length * MaxExpansion + SmallPageAllowance)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"a {input.Length}-byte {Name(codec)} page claims {uncompressedSize} bytes uncompressed, beyond any compression ratio"));
        if (codec == CompressionCodec.Uncompressed)
        {
            if (input.Length != uncompressedSize)
                throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                    $"an UNCOMPRESSED page is {input.Length} bytes but its header says {uncompressedSize}"));
            return input.ToArray();
        }
        if (uncompressedSize == 0 && input.IsEmpty) return [];
        try
        {
            return codec == CompressionCodec.Snappy ? DecompressSnappy(input, uncompressedSize, location) : DecompressGzip(input, uncompressedSize, location);
        }
        catch (ParquetException)
        {
            throw;
        }
        catch (Exception error) when (error is InvalidDataException or IndexOutOfRangeException or ArgumentException or InvalidOperationException
                                       or OverflowException or IOException or NotSupportedException)
        {
            // The codec libraries signal corrupt input with these; give them the page's place.
            throw new ParquetFormatException(location, $"{Name(codec)} data does not decompress: {error.Message}", error);
        }
    }

    /// <summary>Compresses a page body.</summary>
    public static byte[] Compress(CompressionCodec codec, ReadOnlySpan<byte> input, CompressionLevel gzipLevel)
    {
        switch (codec)
        {
            case CompressionCodec.Uncompressed:
                return input.ToArray();
            case CompressionCodec.Snappy:
                return IronSnappy.Snappy.Encode(input);
            case CompressionCodec.Gzip:
            {
                using var output = new MemoryStream();
                using (var gzip = new GZipStream(output, gzipLevel, leaveOpen: true)) gzip.Write(input);
                return output.ToArray();
            }
            default:
                throw new NotSupportedException($"The writer does not produce codec {Name(codec)}.");
        }
    }

    private static byte[] DecompressSnappy(ReadOnlySpan<byte> input, int uncompressedSize, ParquetLocation location)
    {
        // A raw Snappy block starts with the uncompressed length as a varint: check it before the library allocates.
        ulong declared = 0;
        int position = 0;
        for (int shift = 0; ; shift += 7, position++)
        {
            if (position >= input.Length || shift > 28) throw new ParquetFormatException(location, "SNAPPY data has no valid length header");
            declared |= (ulong)(input[position] & 0x7F) << shift;
            if ((input[position] & 0x80) == 0) break;
        }
        if (declared != (ulong)uncompressedSize)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"SNAPPY data holds {declared} bytes but the page header says {uncompressedSize}"));
        byte[] output = IronSnappy.Snappy.Decode(input);
        if (output.Length != uncompressedSize)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"SNAPPY data decompressed to {output.Length} bytes, the page header says {uncompressedSize}"));
        return output;
    }

    private static unsafe byte[] DecompressGzip(ReadOnlySpan<byte> input, int uncompressedSize, ParquetLocation location)
    {
        var output = new byte[uncompressedSize];
        fixed (byte* pointer = input)
        {
            using var source = new UnmanagedMemoryStream(pointer, input.Length);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);   // reads concatenated members too
            int filled = 0;
            while (filled < output.Length)
            {
                int read = gzip.Read(output, filled, output.Length - filled);
                if (read == 0) break;
                filled += read;
            }
            if (filled != output.Length)
                throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                    $"GZIP data ends after {filled} bytes, the page header says {uncompressedSize}"));
            Span<byte> extra = stackalloc byte[1];
            if (gzip.Read(extra) != 0)
                throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                    $"GZIP data holds more than the {uncompressedSize} bytes the page header says"));
        }
        return output;
    }
}
