using System.Buffers.Binary;
using System.IO.Compression;

namespace Cli.Tests.Reports;

/// <summary>
/// A minimal PNG decoder for screenshots (8-bit RGB or RGBA, not interlaced, as Chromium writes them): enough to tell a
/// rendered page from a blank one without an imaging library.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    private PngImage(int width, int height, int channels, byte[] pixels) => (Width, Height, Channels, Pixels) = (width, height, channels, pixels);

    public int Width { get; }

    public int Height { get; }

    /// <summary>3 (RGB) or 4 (RGBA).</summary>
    public int Channels { get; }

    /// <summary>Rows top to bottom, <see cref="Channels"/> bytes per pixel.</summary>
    public byte[] Pixels { get; }

    public static PngImage Decode(byte[] png)
    {
        if (png.Length < 8 || !png.AsSpan(0, 8).SequenceEqual(Signature)) throw new InvalidDataException("not a PNG file");
        int width = 0, height = 0, channels = 0;
        using var compressed = new MemoryStream();
        for (int offset = 8; offset + 12 <= png.Length;)
        {
            int length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            string type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            if (length < 0 || offset + 12 + length > png.Length) throw new InvalidDataException($"PNG chunk {type} at {offset} runs past the end");
            ReadOnlySpan<byte> data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                (byte depth, byte colour, byte interlace) = (data[8], data[9], data[12]);
                if (depth != 8 || colour is not (2 or 6) || interlace != 0)
                    throw new NotSupportedException($"PNG bit depth {depth}, colour type {colour}, interlace {interlace}: only 8-bit RGB/RGBA, not interlaced");
                channels = colour == 2 ? 3 : 4;
            }
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
            offset += 12 + length;
        }
        if (channels == 0) throw new InvalidDataException("PNG without IHDR");
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress)) zlib.CopyTo(inflated);
        byte[] raw = inflated.ToArray();
        int stride = width * channels;
        if (raw.Length != height * (stride + 1)) throw new InvalidDataException($"PNG data is {raw.Length} bytes; {height} rows of {stride + 1} expected");
        var pixels = new byte[height * stride];
        for (int row = 0; row < height; row++)
        {
            byte filter = raw[row * (stride + 1)];
            for (int column = 0; column < stride; column++)
            {
                int x = raw[row * (stride + 1) + 1 + column];
                int left = column >= channels ? pixels[row * stride + column - channels] : 0;
                int up = row > 0 ? pixels[(row - 1) * stride + column] : 0;
                int upLeft = row > 0 && column >= channels ? pixels[(row - 1) * stride + column - channels] : 0;
                pixels[row * stride + column] = (byte)(filter switch
                {
                    0 => x,
                    1 => x + left,
                    2 => x + up,
                    3 => x + (left + up) / 2,
                    4 => x + Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG row {row}: unknown filter {filter}"),
                });
            }
        }
        return new PngImage(width, height, channels, pixels);
    }

    /// <summary>Distinct RGB colours, counting up to <paramref name="limit"/>.</summary>
    public int DistinctColours(int limit)
    {
        var seen = new HashSet<int>();
        for (int offset = 0; offset < Pixels.Length && seen.Count < limit; offset += Channels)
            seen.Add(Pixels[offset] << 16 | Pixels[offset + 1] << 8 | Pixels[offset + 2]);
        return seen.Count;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
