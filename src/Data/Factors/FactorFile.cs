using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Linalg.Dense;
using Linalg.Training;
using Parquet.Checksums;

namespace Data.Factors;

/// <summary>
/// Reads and writes factor blocks: the model's factor matrices and the training run's checkpoint blocks.
/// </summary>
/// <remarks>
/// <para>Layout, little-endian:</para>
/// <code>
///   offset  size  field
///        0     4  magic "ALSF"
///        4     2  format version (1)
///        6     1  side (0 users, 1 items)
///        7     1  reserved (0)
///        8     4  block id
///       12     8  global index of the first row
///       20     4  rows
///       24     4  factors k
///       28     4  iteration
///       32     …  rows × k float32, row-major
///      end     4  CRC-32 of every byte before it
/// </code>
/// <para>A file is written under a temporary name in the same folder, flushed to disk, then renamed over the
/// final name: readers see the old file or the complete new one, never a partial one.</para>
/// </remarks>
public static class FactorFile
{
    /// <summary>Bytes before the rows.</summary>
    public const int HeaderSize = 32;

    /// <summary>The format version written and read.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "ALSF"u8;

    /// <summary>Writes <paramref name="factors"/> (rows × k) to <paramref name="path"/> atomically.</summary>
    public static void Write(string path, FactorBlockHeader header, ReadOnlySpan<float> factors)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        if ((long)header.Rows * header.Factors != factors.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{header.Rows} rows × {header.Factors} factors need {(long)header.Rows * header.Factors} values, got {factors.Length}."));
        Span<byte> head = stackalloc byte[HeaderSize];
        Magic.CopyTo(head);
        BinaryPrimitives.WriteUInt16LittleEndian(head[4..], FormatVersion);
        head[6] = (byte)header.Side;
        head[7] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(head[8..], header.Block);
        BinaryPrimitives.WriteInt64LittleEndian(head[12..], header.FirstRow);
        BinaryPrimitives.WriteInt32LittleEndian(head[20..], header.Rows);
        BinaryPrimitives.WriteInt32LittleEndian(head[24..], header.Factors);
        BinaryPrimitives.WriteInt32LittleEndian(head[28..], header.Iteration);
        ReadOnlySpan<byte> body = MemoryMarshal.AsBytes(factors);
        uint crc = Crc32.Append(Crc32.Compute(head), body);
        Span<byte> trailer = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, crc);

        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            {
                stream.Write(head);
                stream.Write(body);
                stream.Write(trailer);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Writes a whole factor matrix as block 0.</summary>
    public static void Write(string path, FactorSide side, int iteration, FactorMatrix factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        Write(path, new FactorBlockHeader(side, 0, 0, factors.Rows, factors.Factors, iteration), factors.Values);
    }

    /// <summary>Reads a factor file, checking its size, format, version and checksum.</summary>
    /// <exception cref="FactorFileException">The file is missing, truncated, of another format or corrupt.</exception>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new FactorFileException(path, "cannot be read: " + error.Message, error);
        }
        if (bytes.Length < HeaderSize + 4)
            throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"{bytes.Length} bytes, too short for a factor file ({HeaderSize + 4} at least)"));
        if (!bytes.AsSpan(0, 4).SequenceEqual(Magic)) throw new FactorFileException(path, "not a factor file (no 'ALSF' marker)");
        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(4));
        if (version != FormatVersion)
            throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"format version {version}; this build reads version {FormatVersion}"));
        var side = (FactorSide)bytes[6];
        int block = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(8));
        long firstRow = BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(12));
        int rows = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(20));
        int factors = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24));
        int iteration = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(28));
        if (rows < 0 || factors < 1 || (long)rows * factors * 4 + HeaderSize + 4 != bytes.Length || !Enum.IsDefined(side))
            throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture,
                $"header says {rows} rows × {factors} factors (side {(int)side}), which does not match its {bytes.Length} bytes"));
        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(bytes.Length - 4));
        uint actual = Crc32.Compute(bytes.AsSpan(0, bytes.Length - 4));
        if (expected != actual)
            throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"checksum mismatch (stored {expected:x8}, computed {actual:x8}): the file is corrupt"));
        var values = new float[rows * factors];
        MemoryMarshal.Cast<byte, float>(bytes.AsSpan(HeaderSize, values.Length * 4)).CopyTo(values);
        return (new FactorBlockHeader(side, block, firstRow, rows, factors, iteration), new FactorMatrix(rows, factors, values));
    }
}
