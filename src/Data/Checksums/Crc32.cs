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
}
