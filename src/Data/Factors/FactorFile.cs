using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Data.Checksums;
using Linalg.Dense;
using Linalg.Training;
using Microsoft.Win32.SafeHandles;

namespace Data.Factors;

/// <summary>
/// Reads and writes factor blocks, the model's factor matrices and the training run's checkpoint blocks, as Arrow IPC
/// files (Apache.Arrow), which pyarrow (<c>pyarrow.feather.read_table</c>), polars (<c>read_ipc</c>) and DuckDB open.
/// </summary>
/// <remarks>
/// <para>One record batch, two columns:</para>
/// <code>
///   index    int32, not null                            global row index (first row + i)
///   factors  fixed_size_list&lt;item: float32&gt;[k], not null   the row's k factors
/// </code>
/// <para>Schema metadata: <c>side</c> (users|items), <c>block</c>, <c>first_row</c>, <c>iteration</c>, <c>k</c>,
/// <c>format_version</c> and <c>values_crc32</c>, the CRC-32 of the index and factor values, checked on every read. The
/// CRC-32 of the whole file is what <see cref="Write(string, FactorBlockHeader, ReadOnlyMemory{float}, bool, string)"/> returns;
/// callers record it (the half-step commit, model.json) and compare it with what <see cref="Read(string, out uint)"/> gives.</para>
/// <para>A file is written under a temporary name in the same folder (flushed to disk first when asked), then renamed
/// over the final name: readers see the old file or the complete new one, never a partial one. The temporary file is
/// new, or a file the caller no longer needs (<c>reuse</c>), renamed to the temporary name and overwritten in place.</para>
/// </remarks>
public static class FactorFile
{
    /// <summary>
    /// Bytes at the start of every factor file that hold no factor value (the Arrow magic and the start of the schema
    /// message are longer): a byte changed after this offset changes the file's CRC-32, which readers check.
    /// </summary>
    public const int HeaderSize = 32;

    /// <summary>The format version written and read (2: Arrow IPC; 1 was the raw ALSF layout).</summary>
    public const ushort FormatVersion = 2;

    /// <summary>Column and metadata names.</summary>
    private const string IndexColumn = "index", FactorsColumn = "factors", SideKey = "side", BlockKey = "block", FirstRowKey = "first_row",
        IterationKey = "iteration", FactorsKey = "k", VersionKey = "format_version", CrcKey = "values_crc32";

    /// <summary>Writes <paramref name="factors"/> (rows × k) to <paramref name="path"/> atomically; returns the file's CRC-32.</summary>
    /// <param name="path">The file.</param>
    /// <param name="header">What the rows are.</param>
    /// <param name="factors">rows × k values.</param>
    /// <param name="flushToDisk">Wait until the bytes are on disk before renaming (durable against a machine crash); otherwise the
    /// operating system writes them back later (the rename is still atomic for other processes).</param>
    /// <param name="reuse">
    /// A file in the same file system that nobody reads any more (a pruned iteration's block), taken over for this write
    /// when it exists: renamed to the temporary name and overwritten in place, so the write lands in page-cache pages the
    /// system already holds instead of freshly allocated ones (on a VM, writing 5 MB into new pages cost several times the
    /// copy). When it is missing (or another writer took it first), a new file is created as usual.
    /// </param>
    public static uint Write(string path, FactorBlockHeader header, ReadOnlyMemory<float> factors, bool flushToDisk = true, string? reuse = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(header);
        if (header.Factors < 1 || header.Rows < 0 || (long)header.Rows * header.Factors != factors.Length)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"{header.Rows} rows × {header.Factors} factors need {(long)header.Rows * header.Factors} values, got {factors.Length}."));
        if (header.FirstRow < 0 || header.FirstRow + header.Rows > int.MaxValue)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"rows {header.FirstRow}..{header.FirstRow + header.Rows} do not fit an int32 index."));
        int indexLength = header.Rows * sizeof(int);
        // Pooled: a store writes a block per half-step and block, and fresh arrays would feed the large-object heap.
        byte[] indexBytes = Buffers.Rent(indexLength);
        FloatBytes? view = null;
        try
        {
            Span<int> indices = MemoryMarshal.Cast<byte, int>(indexBytes.AsSpan(0, indexLength));
            for (int row = 0; row < header.Rows; row++) indices[row] = (int)header.FirstRow + row;
            // The values go to the file from where they are: no copy into a buffer, no image of the file in memory.
            ReadOnlyMemory<byte> valueBytes = MemoryMarshal.TryGetArray(factors, out ArraySegment<float> segment)
                ? (view = new FloatBytes(segment.Array!, segment.Offset, segment.Count)).Memory
                : MemoryMarshal.AsBytes(factors.Span).ToArray();
            // The values are read once for their CRC-32: the schema's (index then values) and the whole file's are combined from it.
            uint valuesOnlyCrc = Crc32.Compute(valueBytes.Span);
            uint valuesCrc = ValuesCrc(indexBytes.AsSpan(0, indexLength), valuesOnlyCrc, valueBytes.Length);

            var listType = new FixedSizeListType(new Field("item", FloatType.Default, nullable: false), header.Factors);
            Schema schema = new Schema.Builder()
                .Field(new Field(IndexColumn, Int32Type.Default, nullable: false))
                .Field(new Field(FactorsColumn, listType, nullable: false))
                .Metadata(SideKey, header.Side == FactorSide.Users ? "users" : "items")
                .Metadata(BlockKey, header.Block.ToString(CultureInfo.InvariantCulture))
                .Metadata(FirstRowKey, header.FirstRow.ToString(CultureInfo.InvariantCulture))
                .Metadata(IterationKey, header.Iteration.ToString(CultureInfo.InvariantCulture))
                .Metadata(FactorsKey, header.Factors.ToString(CultureInfo.InvariantCulture))
                .Metadata(VersionKey, FormatVersion.ToString(CultureInfo.InvariantCulture))
                .Metadata(CrcKey, valuesCrc.ToString("x8", CultureInfo.InvariantCulture))
                .Build();
            var index = new Int32Array(new ArrowBuffer(indexBytes.AsMemory(0, indexLength)), ArrowBuffer.Empty, header.Rows, 0, 0);
            var values = new FloatArray(new ArrowBuffer(valueBytes), ArrowBuffer.Empty, factors.Length, 0, 0);
            var rows = new FixedSizeListArray(listType, header.Rows, values, ArrowBuffer.Empty, 0, 0);
            using var batch = new RecordBatch(schema, [index, rows], header.Rows);
            return WriteAtomically(path, flushToDisk, reuse, (valueBytes, valuesOnlyCrc), file =>
            {
                using var writer = new ArrowFileWriter(file, schema, leaveOpen: true);
                writer.WriteRecordBatch(batch);
                writer.WriteEnd();
            });
        }
        finally
        {
            Buffers.Return(indexBytes);
            ((IDisposable?)view)?.Dispose();
        }
    }

    /// <summary>
    /// Buffers for the index column and for reading block files, shared by every thread and bounded (a few per size): the
    /// shared pool would keep one per thread and core, hundreds of MB of factor-block-sized arrays in a worker's resident set.
    /// </summary>
    private static readonly ArrayPool<byte> Buffers = ArrayPool<byte>.Create(maxArrayLength: 1 << 30, maxArraysPerBucket: KeptPerSize);

    /// <summary>Buffers of one size kept for reuse (a node writes about as many blocks at once as it has in flight).</summary>
    private const int KeptPerSize = 4;

    /// <summary>
    /// Writes a file under a temporary name in the folder of <paramref name="path"/> (a new file, or <paramref name="reuse"/>
    /// taken over) with <paramref name="write"/>, then renames it over <paramref name="path"/>; returns the CRC-32 of the bytes written
    /// (with the CRC-32 of the <paramref name="known"/> buffer, taken already, combined in rather than computed again).
    /// </summary>
    private static uint WriteAtomically(string path, bool flushToDisk, string? reuse, (ReadOnlyMemory<byte> Bytes, uint Crc32)? known, Action<Stream> write)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        string temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            uint crc;
            using (SafeFileHandle handle = TakeOver(reuse, temporary)
                ?? File.OpenHandle(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None))
            {
                using var file = new ChecksummingFileWriter(handle, known);
                write(file);
                file.Flush();
                if (RandomAccess.GetLength(handle) != file.Length) RandomAccess.SetLength(handle, file.Length);   // a reused file of another size
                if (flushToDisk) RandomAccess.FlushToDisk(handle);
                crc = file.Crc32;
            }
            File.Move(temporary, path, overwrite: true);
            return crc;
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Renames <paramref name="reuse"/> to <paramref name="temporary"/> and opens it for writing in place; null when there
    /// is nothing to take over. The rename is one rename(2) onto a name nobody else uses, so of two writers racing for
    /// one file exactly one gets it (a link-then-unlink move could hand both the same file).
    /// </summary>
    private static SafeFileHandle? TakeOver(string? reuse, string temporary)
    {
        if (reuse is null) return null;
        try
        {
            File.Move(reuse, temporary, overwrite: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null;    // no spare file (or another writer took it): a new file, whose creation reports any real problem
        }
        // Shared, not exclusive: a stale reader may still hold the pruned file open (it then fails its CRC-32 check, as it
        // would on any changed file), and an exclusive open would fail this write instead.
        return File.OpenHandle(temporary, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
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
        return Write(path, new FactorBlockHeader(side, 0, 0, factors.Rows, factors.Factors, iteration), factors.Memory);
    }

    /// <summary>Reads a factor file, checking its size, format, version and checksum.</summary>
    /// <exception cref="FactorFileException">The file is missing, truncated, of another format or corrupt.</exception>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path) => Read(path, out _);

    /// <summary>Reads a factor file as <see cref="Read(string)"/> does into a new matrix, also giving the CRC-32 of the whole file.</summary>
    public static (FactorBlockHeader Header, FactorMatrix Factors) Read(string path, out uint crc)
    {
        FactorMatrix? matrix = null;
        FactorBlockHeader header = Read(path, expectedCrc: null, out crc, out _, found => (matrix = new FactorMatrix(found.Rows, found.Factors)).Memory);
        return (header, matrix!);
    }

    /// <summary>
    /// Reads a factor file of the shape <paramref name="expected"/> describes straight into rows
    /// <paramref name="firstRow"/>… of <paramref name="target"/>, checking its schema, metadata and index column;
    /// <paramref name="crc"/> is the CRC-32 of the whole file. When it equals <paramref name="expectedCrc"/> (the CRC
    /// recorded when the file was written), the file holds exactly the bytes written and the values CRC-32 in its
    /// metadata is not computed again; otherwise it is checked, so a damaged file is reported as corrupt rather than
    /// only as different. Returns the file's header, which the caller compares with what it expects;
    /// <paramref name="bytesRead"/> is the file's size as read.
    /// </summary>
    /// <exception cref="FactorFileException">The file is missing, corrupt, or of another shape than <paramref name="expected"/>.</exception>
    public static FactorBlockHeader ReadInto(string path, FactorBlockHeader expected, FactorMatrix target, long firstRow, uint? expectedCrc, out uint crc,
        out int bytesRead)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(target);
        return Read(path, expectedCrc, out crc, out bytesRead, found =>
        {
            if (found.Rows != expected.Rows || found.Factors != target.Factors || firstRow + found.Rows > target.Rows)
                throw new FactorFileException(path, $"holds {found}, expected {expected}");
            return target.Memory.Slice((int)(firstRow * target.Factors), found.Rows * found.Factors);
        });
    }

    /// <summary>
    /// The CRC-32 the file's metadata records: of the index column's bytes followed by the factors' bytes, from the
    /// factors' own CRC-32 (<paramref name="valuesCrc"/> over <paramref name="valuesLength"/> bytes), which the writer
    /// needs anyway for the whole file's.
    /// </summary>
    private static uint ValuesCrc(ReadOnlySpan<byte> index, uint valuesCrc, long valuesLength) =>
        Crc32.Combine(Crc32.Compute(index), valuesCrc, valuesLength);

    /// <summary>Reads and checks a file; its values go where <paramref name="destination"/> says once the header is known.</summary>
    private static FactorBlockHeader Read(string path, uint? expectedCrc, out uint crc, out int bytesRead, Func<FactorBlockHeader, Memory<float>> destination)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        int length;
        try
        {
            using SafeFileHandle handle = File.OpenHandle(path);
            long size = RandomAccess.GetLength(handle);
            if (size > System.Array.MaxLength) throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"is {size} bytes, more than a factor file holds"));
            length = (int)size;
            bytes = Buffers.Rent(length);       // pooled: the fixed side is read block by block every half-step
            int read = 0;
            while (read < length)
            {
                int n = RandomAccess.Read(handle, bytes.AsSpan(read, length - read), read);
                if (n == 0) break;
                read += n;
            }
            length = read;
            bytesRead = read;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new FactorFileException(path, "cannot be read: " + error.Message, error);
        }
        try
        {
            crc = Crc32.Compute(bytes.AsSpan(0, length));
            return Parse(path, bytes, length, checkValues: crc != expectedCrc, destination);
        }
        finally
        {
            Buffers.Return(bytes);
        }
    }

    private static FactorBlockHeader Parse(string path, byte[] bytes, int length, bool checkValues, Func<FactorBlockHeader, Memory<float>> destination)
    {
        try
        {
            (ArrowStreamReader reader, RecordBatch? first) = OpenBatch(path, bytes, length);
            using ArrowStreamReader _ = reader;
            using RecordBatch? batch = first;
            Schema schema = reader.Schema;
            if (batch is null) throw new FactorFileException(path, "holds no record batch");
            FactorBlockHeader header = Header(path, schema, batch.Length);
            if (batch.ColumnCount != 2 || batch.Column(0) is not Int32Array index || batch.Column(1) is not FixedSizeListArray list
                || list.Values is not FloatArray values || ((FixedSizeListType)list.Data.DataType).ListSize != header.Factors)
                throw new FactorFileException(path, $"columns are not ({IndexColumn} int32, {FactorsColumn} fixed_size_list<float32>[{header.Factors}])");
            if (index.NullCount != 0 || list.NullCount != 0 || values.NullCount != 0) throw new FactorFileException(path, "holds nulls");
            ReadOnlySpan<int> indices = index.Values;
            ReadOnlySpan<float> floats = values.Values.Slice(list.Offset * header.Factors, header.Rows * header.Factors);
            if (indices.Length != header.Rows || floats.Length != header.Rows * header.Factors)
                throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"{indices.Length} indices and {floats.Length} values for {header.Rows} rows × {header.Factors}"));
            if (checkValues)
            {
                ReadOnlySpan<byte> floatBytes = MemoryMarshal.AsBytes(floats);
                uint valuesCrc = ValuesCrc(MemoryMarshal.AsBytes(indices), Crc32.Compute(floatBytes), floatBytes.Length);
                if (Metadata(path, schema, CrcKey) != valuesCrc.ToString("x8", CultureInfo.InvariantCulture))
                    throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture,
                        $"checksum mismatch (stored {Metadata(path, schema, CrcKey)}, computed {valuesCrc:x8}): the file is corrupt"));
            }
            for (int row = 0; row < indices.Length; row++)
                if (indices[row] != header.FirstRow + row)
                    throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"row {row} has index {indices[row]}, expected {header.FirstRow + row}"));
            if (reader.ReadNextRecordBatch() is not null) throw new FactorFileException(path, "holds more than one record batch");
            floats.CopyTo(destination(header).Span);
            return header;
        }
        catch (Exception error) when (error is not FactorFileException and not OutOfMemoryException)
        {
            throw new FactorFileException(path, $"is not a readable Arrow factor file ({error.Message})", error);
        }
    }

    /// <summary>
    /// A reader of the file in <paramref name="bytes"/> and its first record batch. The file's messages are read where
    /// they lie (the stream reader over memory points the batch's arrays into the buffer), so each factor value is copied
    /// once, into its rows of the destination. Our writer puts the schema message first, as the stream format does; a
    /// writer that keeps the schema only in the footer (Arrow JS does) is read by Arrow's file reader instead, which
    /// copies the batch out of the buffer first.
    /// </summary>
    internal static (ArrowStreamReader Reader, RecordBatch? Batch) OpenBatch(string path, byte[] bytes, int length)
    {
        ReadOnlyMemory<byte> messages = Messages(path, bytes, length);
        var inPlace = new ArrowStreamReader(messages);
        try
        {
            return (inPlace, inPlace.ReadNextRecordBatch());
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            inPlace.Dispose();
            var file = new ArrowFileReader(new MemoryStream(bytes, 0, length, writable: false));
            return (file, file.ReadNextRecordBatch());
        }
    }

    /// <summary>
    /// The file's messages (schema, record batch, end-of-stream marker), which the Arrow IPC file format lays out exactly as
    /// the stream format does, between the leading magic (<c>ARROW1</c> and two bytes of padding) and the footer, whose
    /// length the four bytes before the trailing magic give.
    /// </summary>
    /// <exception cref="FactorFileException">The file does not begin and end as an Arrow IPC file does, or its footer length does not fit.</exception>
    private static ReadOnlyMemory<byte> Messages(string path, byte[] bytes, int length)
    {
        const int Leading = 8, Trailing = sizeof(int) + 6;
        ReadOnlySpan<byte> magic = "ARROW1"u8;
        if (length < Leading + Trailing || !bytes.AsSpan(0, 6).SequenceEqual(magic) || !bytes.AsSpan(length - 6, 6).SequenceEqual(magic))
            throw new FactorFileException(path, "is not a readable Arrow factor file (it does not begin and end with the Arrow file magic)");
        int footer = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(length - Trailing, sizeof(int)));
        if (footer < 0 || footer > length - Leading - Trailing)
            throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"is not a readable Arrow factor file (footer length {footer} in {length} bytes)"));
        return bytes.AsMemory(Leading, length - Leading - Trailing - footer);
    }

    private static FactorBlockHeader Header(string path, Schema schema, int rows)
    {
        string version = Metadata(path, schema, VersionKey);
        if (version != FormatVersion.ToString(CultureInfo.InvariantCulture))
            throw new FactorFileException(path, $"format version {version}; this build reads version {FormatVersion}");
        FactorSide side = Metadata(path, schema, SideKey) switch
        {
            "users" => FactorSide.Users,
            "items" => FactorSide.Items,
            var other => throw new FactorFileException(path, $"side '{other}' is neither users nor items"),
        };
        int factors = Integer(path, schema, FactorsKey);
        if (factors < 1) throw new FactorFileException(path, string.Create(CultureInfo.InvariantCulture, $"k = {factors}"));
        return new FactorBlockHeader(side, Integer(path, schema, BlockKey), Integer(path, schema, FirstRowKey), rows, factors, Integer(path, schema, IterationKey));
    }

    private static string Metadata(string path, Schema schema, string key) =>
        schema.Metadata is not null && schema.Metadata.TryGetValue(key, out string? value) ? value : throw new FactorFileException(path, $"has no '{key}' in its schema metadata");

    private static int Integer(string path, Schema schema, string key) =>
        int.TryParse(Metadata(path, schema, key), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value)
            ? value : throw new FactorFileException(path, $"'{key}' in its schema metadata is not an integer");
}
