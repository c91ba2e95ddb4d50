using System.Text;
using Data.Checksums;

namespace Data.Tests.Checksums;

/// <summary>
/// CRC-32 now comes from System.IO.Hashing: the values must be those our own implementation wrote into every manifest,
/// commit and factor file so far, or old files would stop verifying.
/// </summary>
public sealed class Crc32Tests
{
    /// <summary>The check value of CRC-32/ISO-HDLC (gzip, zlib, PNG) for the ASCII digits 1–9.</summary>
    [Fact]
    public void The_standard_check_value_is_reproduced() =>
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));

    /// <summary>Lengths around every SIMD width and a large one, against the bit-by-bit definition.</summary>
    [Theory]
    [InlineData(0)] [InlineData(1)] [InlineData(7)] [InlineData(15)] [InlineData(16)] [InlineData(63)] [InlineData(64)] [InlineData(65)]
    [InlineData(127)] [InlineData(255)] [InlineData(1000)] [InlineData(1 << 20)]
    public void Every_length_matches_the_bitwise_definition_and_a_stream_gives_the_same(int length)
    {
        byte[] data = new byte[length];
        new Random(length).NextBytes(data);
        Assert.Equal(Bitwise(data), Crc32.Compute(data));
        Assert.Equal(Bitwise(data), Crc32.Compute(new MemoryStream(data)));
    }

    /// <summary>Combining the CRCs of two pieces gives the CRC of the two together, for every split of lengths around the SIMD widths and a large one.</summary>
    [Theory]
    [InlineData(0, 0)] [InlineData(0, 5)] [InlineData(5, 0)] [InlineData(1, 1)] [InlineData(13, 64)] [InlineData(64, 65)]
    [InlineData(1000, 1 << 20)] [InlineData(3, (1 << 20) + 7)]
    public void Combined_crcs_of_two_pieces_are_the_crc_of_both(int firstLength, int secondLength)
    {
        byte[] data = new byte[firstLength + secondLength];
        new Random(firstLength * 31 + secondLength).NextBytes(data);
        uint first = Crc32.Compute(data.AsSpan(0, firstLength)), second = Crc32.Compute(data.AsSpan(firstLength));
        Assert.Equal(Bitwise(data), Crc32.Combine(first, second, secondLength));
    }

    [Fact]
    public void A_negative_length_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Crc32.Combine(0, 0, -1));

    /// <summary>The reflected polynomial, one bit at a time: the oracle, independent of any table or library.</summary>
    private static uint Bitwise(byte[] data)
    {
        uint crc = 0xFFFFFFFFu;
        foreach (byte value in data)
        {
            crc ^= value;
            for (int bit = 0; bit < 8; bit++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
