using System.Buffers;
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

    /// <summary>Checks that a page of <paramref name="compressedLength"/> bytes may claim <paramref name="uncompressedSize"/> bytes.</summary>
    /// <exception cref="ParquetFormatException">The claim exceeds any compression ratio (so nothing is allocated for it).</exception>
    public static void CheckSize(CompressionCodec codec, int compressedLength, int uncompressedSize, ParquetLocation location)
    {
        if (uncompressedSize < 0 || (long)uncompressedSize > (long)compressedLength * MaxExpansion + SmallPageAllowance)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"a {compressedLength}-byte {Name(codec)} page claims {uncompressedSize} bytes uncompressed, beyond any compression ratio"));
    }

    /// <summary>
    /// The page body uncompressed: <paramref name="input"/> itself when UNCOMPRESSED, else decompressed into
    /// <paramref name="buffer"/> (rented from the shared pool and grown as needed; the caller returns it).
    /// </summary>
    /// <exception cref="ParquetFormatException">The size is implausible or the data does not decompress to it.</exception>
    public static ReadOnlySpan<byte> Decompress(CompressionCodec codec, ReadOnlySpan<byte> input, int uncompressedSize, ref byte[]? buffer,
        ParquetLocation location)
    {
        CheckSupported(codec, location);
        CheckSize(codec, input.Length, uncompressedSize, location);
        if (codec == CompressionCodec.Uncompressed)
        {
            if (input.Length != uncompressedSize)
                throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                    $"an UNCOMPRESSED page is {input.Length} bytes but its header says {uncompressedSize}"));
            return input;
        }
        if (uncompressedSize == 0 && input.IsEmpty) return [];
        if (buffer is null || buffer.Length < uncompressedSize)
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            buffer = ArrayPool<byte>.Shared.Rent(uncompressedSize);
        }
        Span<byte> output = buffer.AsSpan(0, uncompressedSize);
        if (codec == CompressionCodec.Snappy)
        {
            SnappyDecoder.Decode(input, output, location);
            return output;
        }
        try
        {
            DecompressGzip(input, output, location);
            return output;
        }
        catch (Exception error) when (error is InvalidDataException or IOException or NotSupportedException)
        {
            // System.IO.Compression signals corrupt input with these; give them the page's place.
            throw new ParquetFormatException(location, $"GZIP data does not decompress: {error.Message}", error);
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

    private static unsafe void DecompressGzip(ReadOnlySpan<byte> input, Span<byte> output, ParquetLocation location)
    {
        int uncompressedSize = output.Length;
        fixed (byte* pointer = input)
        {
            using var source = new UnmanagedMemoryStream(pointer, input.Length);
            using var gzip = new GZipStream(source, CompressionMode.Decompress);   // reads concatenated members too
            int filled = 0;
            while (filled < output.Length)
            {
                int read = gzip.Read(output[filled..]);
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
    }
}
