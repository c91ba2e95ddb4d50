using System.IO.Compression;
using Parquet.Checksums;

namespace Parquet.Tests.Checksums;

/// <summary>CRC-32 against the published check value, zlib's CRC (inside every gzip member: an independent implementation), and between its two paths.</summary>
public sealed class Crc32Tests
{
    [Fact]
    public void The_check_value_of_123456789_is_CBF43926()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute("123456789"u8));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    public static TheoryData<int> Lengths => [0, 1, 15, 16, 17, 63, 64, 65, 127, 128, 129, 1000, 4096, 65_537, 1_000_003];

    [Theory, MemberData(nameof(Lengths))]
    public void Folded_and_table_paths_agree_and_match_the_gzip_trailer(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);
        uint crc = Crc32.Compute(data);
        Assert.Equal(Crc32.AppendPortable(0, data), crc);
        Assert.Equal(GzipCrc(data), crc);
        // Appending in two pieces, split anywhere, gives the same value.
        int split = length / 3;
        Assert.Equal(crc, Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
    }

    /// <summary>The CRC-32 that System.IO.Compression (zlib) stores in a gzip member's trailer: bytes −8..−5, little-endian.</summary>
    private static uint GzipCrc(byte[] data)
    {
        if (data.Length == 0) return 0;                       // GZipStream writes no member for empty input; CRC-32 of nothing is 0

        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(data);
        byte[] bytes = output.ToArray();
        return BitConverter.ToUInt32(bytes, bytes.Length - 8);
    }
}
