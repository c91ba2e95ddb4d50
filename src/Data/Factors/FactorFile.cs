using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Linalg.Dense;
using Linalg.Training;
using Data.Checksums;

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
/// <para>A file is written under a temporary name in the same folder (flushed to disk first when asked), then renamed
/// over the final name: readers see the old file or the complete new one, never a partial one.</para>
/// </remarks>
public static class FactorFile
{
    /// <summary>Bytes before the rows.</summary>
    public const int HeaderSize = 32;

    /// <summary>The format version written and read.</summary>
    public const ushort FormatVersion = 1;

    private static ReadOnlySpan<byte> Magic => "ALSF"u8;

    /// <summary>Writes <paramref name="factors"/> (rows × k) to <paramref name="path"/> atomically; returns the file's CRC-32 (its trailer).</summary>
    /// <param name="path">The file.</param>
    /// <param name="header">What the rows are.</param>
    /// <param name="factors">rows × k values.</param>
    /// <param name="flushToDisk">Wait until the bytes are on disk before renaming (durable against a machine crash); otherwise the
    /// operating system writes them back later (the rename is still atomic for other processes).</param>
    public static uint Write(string path, FactorBlockHeader header, ReadOnlySpan<float> factors, bool flushToDisk = true)
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
                stream.Flush(flushToDisk);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
        return crc;
    }

    /// <summary>Waits until the bytes of the file at <paramref name="path"/> are on disk (fsync).</summary>
    /// <exception cref="FactorFileException">The file is missing.</exception>
    public static void Flush(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FactorFileException(path, "is missing");
        // Opened for writing because only a writable stream flushes to disk; FileMode.Open keeps the content.
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>Writes a whole factor matrix as block 0.</summary>
    public static uint Write(string path, FactorSide side, int iteration, FactorMatrix factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return Write(path, new FactorBlockHeader(side, 0, 0, factors.Rows, factors.Factors, iteration), factors.Values);
    }

    /// <summary>Reads a factor file, checking its size, format, version and checksum.</summary>
    /// <exception cref="FactorFileException">The file is missing, truncated, of another format or corrupt.</exception>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path) => Read(path, out _);

    /// <summary>Reads a factor file as <see cref="Read(string)"/> does, also giving its CRC-32 (the trailer, already checked).</summary>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path, out uint crc) => Read(path, reuse: null, out crc);

    /// <summary>
    /// Reads a factor file into <paramref name="reuse"/> when it has the file's shape (no allocation), else into a new
    /// matrix; the rows go straight from the file into the matrix and the CRC-32 is computed on the way.
    /// </summary>
    /// <exception cref="FactorFileException">The file is missing, truncated, of another format or corrupt.</exception>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path, FactorMatrix? reuse, out uint crc)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            long length = stream.Length;
            if (length < HeaderSize + 4)
                throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"{length} bytes, too short for a factor file ({HeaderSize + 4} at least)"));
            Span<byte> head = stackalloc byte[HeaderSize];
            stream.ReadExactly(head);
            if (!head[..4].SequenceEqual(Magic)) throw new FactorFileException(path, "not a factor file (no 'ALSF' marker)");
            ushort version = BinaryPrimitives.ReadUInt16LittleEndian(head[4..]);
            if (version != FormatVersion)
                throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"format version {version}; this build reads version {FormatVersion}"));
            var side = (FactorSide)head[6];
            int block = BinaryPrimitives.ReadInt32LittleEndian(head[8..]);
            long firstRow = BinaryPrimitives.ReadInt64LittleEndian(head[12..]);
            int rows = BinaryPrimitives.ReadInt32LittleEndian(head[20..]);
            int factors = BinaryPrimitives.ReadInt32LittleEndian(head[24..]);
            int iteration = BinaryPrimitives.ReadInt32LittleEndian(head[28..]);
            if (rows < 0 || factors < 1 || (long)rows * factors * 4 + HeaderSize + 4 != length || !Enum.IsDefined(side))
                throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture,
                    $"header says {rows} rows × {factors} factors (side {(int)side}), which does not match its {length} bytes"));
            FactorMatrix matrix = reuse is not null && reuse.Rows == rows && reuse.Factors == factors ? reuse : new FactorMatrix(rows, factors);
            Span<byte> body = MemoryMarshal.AsBytes(matrix.Values.AsSpan());
            stream.ReadExactly(body);
            Span<byte> trailer = stackalloc byte[4];
            stream.ReadExactly(trailer);
            uint expected = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint actual = Crc32.Append(Crc32.Compute(head), body);
            if (expected != actual)
                throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"checksum mismatch (stored {expected:x8}, computed {actual:x8}): the file is corrupt"));
            crc = actual;
            return (new FactorBlockHeader(side, block, firstRow, rows, factors, iteration), matrix);
        }
        catch (Exception error) when (error is IOException and not FactorFileException or UnauthorizedAccessException)
        {
            throw new FactorFileException(path, "cannot be read: " + error.Message, error);
        }
    }
}
