namespace Data.Checksums;

/// <summary>
/// CRC-32 with the polynomial 0x04C11DB7 (reflected 0xEDB88320), as in gzip, zlib and Parquet page checksums: the
/// project's one entry point to it, computed by <see cref="System.IO.Hashing.Crc32"/> (System.IO.Hashing, vectorised
/// where the CPU allows). The values are the ones every file written so far records.
/// </summary>
/// <remarks>To checksum bytes that arrive in pieces, append them to one <see cref="System.IO.Hashing.Crc32"/> instance.</remarks>
public static class Crc32
{
    /// <summary>Bytes read at a time by <see cref="Compute(Stream)"/>.</summary>
    private const int StreamBuffer = 1 << 20;

    /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => System.IO.Hashing.Crc32.HashToUInt32(data);

    /// <summary>The CRC-32 of what remains in <paramref name="stream"/>, read in 1 MiB pieces.</summary>
    public static uint Compute(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var crc = new System.IO.Hashing.Crc32();
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(StreamBuffer);
        try
        {
            for (int read; (read = stream.Read(buffer, 0, buffer.Length)) > 0;) crc.Append(buffer.AsSpan(0, read));
            return crc.GetCurrentHashAsUInt32();
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The reflected polynomial.</summary>
    private const uint Polynomial = 0xEDB88320;

    /// <summary>x^(2^n) mod P for n = 0…31, in the reflected bit order (bit 31 is x⁰).</summary>
    private static readonly uint[] PowersOfTwo = BuildPowersOfTwo();

    /// <summary>
    /// The CRC-32 of A followed by B from the CRC-32 of A (<paramref name="first"/>), that of B (<paramref name="second"/>)
    /// and the length of B, without B's bytes: crc(A‖B) = crc(A)·x^(8|B|) mod P ⊕ crc(B). A writer that has the CRC of a
    /// large buffer already (a factor file's values) gets the whole file's without a second pass over it.
    /// </summary>
    public static uint Combine(uint first, uint second, long secondLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(secondLength);
        return MultiplyModP(PowerOfXModP(secondLength, 3), first) ^ second;
    }

    /// <summary>a·b mod P, both in the reflected bit order.</summary>
    private static uint MultiplyModP(uint a, uint b)
    {
        uint product = 0;
        for (uint bit = 1u << 31; bit != 0; bit >>= 1)
        {
            if ((a & bit) != 0)
            {
                product ^= b;
                if ((a & (bit - 1)) == 0) break;
            }
            b = (b & 1) != 0 ? (b >> 1) ^ Polynomial : b >> 1;
        }
        return product;
    }

    /// <summary>x^(n·2^k) mod P: the product of the powers x^(2^(k+i)) for the bits i set in n.</summary>
    private static uint PowerOfXModP(long n, int k)
    {
        uint power = 1u << 31;                     // x⁰
        for (; n != 0; n >>= 1, k++)
            if ((n & 1) != 0) power = MultiplyModP(PowersOfTwo[k & 31], power);
        return power;
    }

    private static uint[] BuildPowersOfTwo()
    {
        var powers = new uint[32];
        powers[0] = 1u << 30;                      // x¹
        for (int n = 1; n < powers.Length; n++) powers[n] = MultiplyModP(powers[n - 1], powers[n - 1]);
        return powers;
    }
}
