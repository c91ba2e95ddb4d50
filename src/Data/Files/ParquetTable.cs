using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Data.Files;

/// <summary>
/// Reads a flat Parquet file through Parquet.Net: the schema, the row groups, and each column as a typed array. The
/// library parses; this adapter owns the boundary. It checks what the library would trust from the file before
/// handing it over (the footer's length, every column chunk's place and size, each row group's row count), refuses
/// nested columns and encryption by name, and turns every library exception into one <see cref="ParquetFileException"/>
/// naming the file, row group and column. Row groups are read in parallel, each through its own reader and stream.
/// </summary>
public sealed class ParquetTable : IDisposable
{
    /// <summary>"PAR1": the magic at both ends of a plaintext-footer file.</summary>
    private static readonly byte[] Magic = "PAR1"u8.ToArray();

    /// <summary>"PARE": the trailing magic of a file with an encrypted footer.</summary>
    private static readonly byte[] EncryptedMagic = "PARE"u8.ToArray();

    /// <summary>Leading magic (4) + footer length (4) + trailing magic (4): the smallest possible file.</summary>
    private const int MinimumLength = 12;

    /// <summary>
    /// Most rows a row group may claim per byte of its column chunks. The library allocates one slot per row before it
    /// decodes a page, so a damaged count would let a few bytes ask for gigabytes. Real writers stay far below this:
    /// a run-length-encoded or all-null column reaches a few hundred rows per byte after compression.
    /// </summary>
    private const long MaxRowsPerByte = 4096;

    /// <summary>Rows a row group may always claim, whatever its size (a tiny file may hold a few all-null rows).</summary>
    private const long MinRowBound = 1 << 16;

    private readonly Func<Stream> _open;
    private readonly ParquetReader _reader;
    private readonly FileMetaData _metadata;

    private ParquetTable(string name, long length, Func<Stream> open)
    {
        Name = name;
        Length = length;
        _open = open;
        CheckFooter();
        _reader = Guard(null, null, () => ParquetReader.CreateAsync(open(), new ParquetOptions(), leaveStreamOpen: false).GetAwaiter().GetResult());
        try
        {
            _metadata = _reader.Metadata ?? throw new ParquetFileException(Name, null, null, "the footer holds no metadata");
            Repair(_metadata);
            Columns = Guard(null, null, Describe);
            CheckRowGroups();
            Metadata = _reader.CustomMetadata ?? [];
        }
        catch
        {
            Close(_reader);
            throw;
        }
    }

    /// <summary>The file's name, as it appears in errors.</summary>
    public string Name { get; }

    /// <summary>The file's size in bytes.</summary>
    public long Length { get; }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<ParquetTableColumn> Columns { get; }

    /// <summary>The footer's key–value metadata.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>Row groups.</summary>
    public int RowGroupCount => _metadata.RowGroups.Count;

    /// <summary>Rows in the file.</summary>
    public long RowCount => _metadata.RowGroups.Sum(group => group.NumRows);

    /// <summary>The raw footer (codecs, encodings, sizes, statistics), for <c>als parquet schema</c>.</summary>
    public FileMetaData FileMetadata => _metadata;

    /// <summary>Opens the file at <paramref name="path"/>; it is read through a new stream per row group.</summary>
    /// <exception cref="ParquetFileException">The file is not a readable flat Parquet file.</exception>
    public static ParquetTable Open(string path)
    {
        string name = Path.GetFileName(path);
        long length;
        try
        {
            length = new FileInfo(path).Length;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            throw new ParquetFileException(name, null, null, error.Message, error);
        }
        if (!File.Exists(path)) throw new ParquetFileException(name, null, null, "the file does not exist");
        return new ParquetTable(name, length,
            () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.RandomAccess));
    }

    /// <summary>Opens a file already in memory, naming it <paramref name="name"/> in errors.</summary>
    /// <exception cref="ParquetFileException">The bytes are not a readable flat Parquet file.</exception>
    public static ParquetTable Open(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return new ParquetTable(name, bytes.Length, () => new MemoryStream(bytes, writable: false));
    }

    /// <summary>The index of <paramref name="column"/>, or −1.</summary>
    public int IndexOf(string column)
    {
        for (int c = 0; c < Columns.Count; c++) if (Columns[c].Name == column) return c;
        return -1;
    }

    /// <summary>The column named <paramref name="column"/>.</summary>
    /// <exception cref="ArgumentException">There is no such column (the message lists the columns).</exception>
    public ParquetTableColumn Column(string column)
    {
        int index = IndexOf(column);
        if (index < 0) throw new ArgumentException($"{Name} has no column '{column}' (columns: {string.Join(", ", Columns.Select(c => c.Name))}).", nameof(column));
        return Columns[index];
    }

    /// <summary>Rows of row group <paramref name="rowGroup"/>.</summary>
    public int RowGroupRows(int rowGroup) => (int)_metadata.RowGroups[rowGroup].NumRows;

    /// <summary>The values of one column of one row group, as the library's CLR type.</summary>
    /// <exception cref="ParquetFileException">The column's pages cannot be read.</exception>
    public ParquetColumnValues Read(int rowGroup, ParquetTableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return WithRowGroup(rowGroup, column, group => ReadAny(group, column, RowGroupRows(rowGroup)));
    }

    /// <summary>The values of one column over every row group (read in parallel), as the library's CLR type.</summary>
    /// <exception cref="ParquetFileException">The column's pages cannot be read.</exception>
    public ParquetColumnValues ReadAll(ParquetTableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        ParquetColumnValues[] parts = new ParquetColumnValues[RowGroupCount];
        ForEachRowGroup(group => parts[group] = Read(group, column));
        if (parts.Length == 1) return parts[0];
        int total = checked((int)RowCount);
        Array values = Array.CreateInstance(parts.Length > 0 ? parts[0].Values.GetType().GetElementType()! : typeof(object), total);
        bool[]? nulls = parts.Any(part => part.Nulls is not null) ? new bool[total] : null;
        int offset = 0;
        foreach (ParquetColumnValues part in parts)
        {
            Array.Copy(part.Values, 0, values, offset, part.Count);
            part.Nulls?.CopyTo(nulls!, offset);
            offset += part.Count;
        }
        return new ParquetColumnValues(column, values, nulls);
    }

    /// <summary>The statistics of one column chunk as the library decodes them (typed min and max), or null when there are none.</summary>
    /// <exception cref="ParquetFileException">The statistics cannot be decoded.</exception>
    public Parquet.Data.DataColumnStatistics? Statistics(int rowGroup, ParquetTableColumn column)
    {
        ArgumentNullException.ThrowIfNull(column);
        return WithRowGroup(rowGroup, column, group => group.GetStatistics(column.Field));
    }

    /// <summary>
    /// Reads the INT32 column <paramref name="column"/> of every row group (in parallel) into
    /// <paramref name="destination"/>, which must hold <see cref="RowCount"/> values. A null is an error naming its row.
    /// </summary>
    /// <exception cref="ParquetFileException">The column is not INT32, holds a null, or cannot be read.</exception>
    public void ReadInt32(string column, int[] destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ParquetTableColumn found = Column(column);
        if (found.ClrType != typeof(int)) throw new ParquetFileException(Name, null, column, $"expected INT32 values, found {found.Describe()}");
        if (destination.Length < RowCount) throw new ArgumentException($"{Name}: {RowCount} rows do not fit {destination.Length} values.", nameof(destination));
        long[] starts = RowGroupStarts();
        ForEachRowGroup(rowGroup => WithRowGroup(rowGroup, found, group =>
        {
            int rows = RowGroupRows(rowGroup);
            Memory<int> target = destination.AsMemory((int)starts[rowGroup], rows);
            if (!found.IsNullable)
            {
                group.ReadAsync(found.Field, target, null).AsTask().GetAwaiter().GetResult();
                return 0;
            }
            int?[] values = ArrayPool<int?>.Shared.Rent(rows);
            try
            {
                group.ReadAsync(found.Field, values.AsMemory(0, rows), null).AsTask().GetAwaiter().GetResult();
                Span<int> span = target.Span;
                for (int row = 0; row < rows; row++)
                    span[row] = values[row] ?? throw new ParquetFileException(Name, rowGroup, column,
                        string.Create(CultureInfo.InvariantCulture, $"row {starts[rowGroup] + row + 1} is null"));
            }
            finally
            {
                ArrayPool<int?>.Shared.Return(values);
            }
            return 0;
        }));
    }

    /// <summary>The INT32 column <paramref name="column"/> of every row group, without nulls.</summary>
    /// <exception cref="ParquetFileException">The column is not INT32, holds a null, or cannot be read.</exception>
    public int[] ReadInt32(string column)
    {
        var values = new int[checked((int)RowCount)];
        ReadInt32(column, values);
        return values;
    }

    /// <summary>The string column <paramref name="column"/> of every row group (null entries for null rows).</summary>
    /// <exception cref="ParquetFileException">The column is not a string column or cannot be read.</exception>
    public string?[] ReadStrings(string column)
    {
        ParquetTableColumn found = Column(column);
        if (!found.IsString) throw new ParquetFileException(Name, null, column, $"expected strings, found {found.Describe()}");
        return (string?[])ReadAll(found).Values;
    }

    /// <inheritdoc />
    public void Dispose() => Close(_reader);

    /// <summary>Parquet.Net's reader is only asynchronously disposable.</summary>
    private static void Close(ParquetReader reader) => reader.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="action"/> for each row group, in parallel; the lowest row group's error wins.</summary>
    private void ForEachRowGroup(Action<int> action)
    {
        if (RowGroupCount <= 1)
        {
            for (int group = 0; group < RowGroupCount; group++) action(group);
            return;
        }
        var errors = new Exception?[RowGroupCount];
        Parallel.For(0, RowGroupCount, group =>
        {
            try
            {
                action(group);
            }
            catch (ParquetFileException error)
            {
                errors[group] = error;
            }
        });
        if (errors.FirstOrDefault(error => error is not null) is { } first)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
    }

    private long[] RowGroupStarts()
    {
        var starts = new long[RowGroupCount + 1];
        for (int group = 0; group < RowGroupCount; group++) starts[group + 1] = starts[group] + _metadata.RowGroups[group].NumRows;
        return starts;
    }

    /// <summary>Opens a reader of its own for <paramref name="rowGroup"/> (readers are not thread-safe) and runs <paramref name="read"/>.</summary>
    private T WithRowGroup<T>(int rowGroup, ParquetTableColumn column, Func<ParquetRowGroupReader, T> read)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rowGroup);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rowGroup, RowGroupCount);
        return Guard(rowGroup, column.Name, () =>
        {
            ParquetReader reader = ParquetReader.CreateAsync(_open(), new ParquetOptions(), leaveStreamOpen: false).GetAwaiter().GetResult();
            try
            {
                Repair(reader.Metadata!);
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(rowGroup);
                return read(group);
            }
            finally
            {
                Close(reader);
            }
        });
    }

    /// <summary>Runs a library call; any exception but ours and cancellation becomes a <see cref="ParquetFileException"/>.</summary>
    private T Guard<T>(int? rowGroup, string? column, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (NotSupportedException error)
        {
            throw new ParquetUnsupportedException(Name, column, $"{error.Message} (Parquet.Net)");
        }
        catch (Exception error) when (error is not ParquetFileException and not OperationCanceledException)
        {
            throw new ParquetFileException(Name, rowGroup, column, $"cannot be read ({error.GetType().Name}: {error.Message})", error);
        }
    }

    /// <summary>
    /// Some writers (parquet-mr before PARQUET-1850, for one) store a dictionary page offset of 0 for a chunk without a
    /// dictionary; the library would then read the file's leading magic as a page header. An offset inside the leading
    /// magic can only mean "none", so it is cleared before the library sees it.
    /// </summary>
    private static void Repair(FileMetaData metadata)
    {
        foreach (RowGroup group in metadata.RowGroups ?? [])
            foreach (ColumnChunk chunk in group.Columns ?? [])
                if (chunk.MetaData is { DictionaryPageOffset: < 4 } meta) meta.DictionaryPageOffset = null;
    }

    /// <summary>
    /// Checks the magic numbers and the footer length against the file's size before the library reads them: the
    /// library would allocate a buffer of whatever length the last 8 bytes claim, and report a damaged one without its
    /// value or the file's size.
    /// </summary>
    private void CheckFooter()
    {
        if (Length < MinimumLength)
            throw new ParquetFileException(Name, null, null, string.Create(CultureInfo.InvariantCulture,
                $"{Length} bytes is too short for Parquet (at least {MinimumLength}: magic, footer length, magic)"));
        Span<byte> head = stackalloc byte[4], tail = stackalloc byte[8];
        using (Stream stream = _open())
        {
            stream.ReadExactly(head);
            stream.Seek(-8, SeekOrigin.End);
            stream.ReadExactly(tail);
        }
        if (tail[4..].SequenceEqual(EncryptedMagic)) throw new ParquetUnsupportedException(Name, null, "encrypted footer (PARE)");
        if (!head.SequenceEqual(Magic) || !tail[4..].SequenceEqual(Magic))
            throw new ParquetFileException(Name, null, null, "not a Parquet file (no PAR1 magic at the start and the end)");
        int footer = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footer <= 0)
            throw new ParquetFileException(Name, null, null, string.Create(CultureInfo.InvariantCulture, $"footer length {footer} is not positive"));
        if (footer > Length - MinimumLength)
            throw new ParquetFileException(Name, null, null, string.Create(CultureInfo.InvariantCulture,
                $"footer length {footer} exceeds the {Length - MinimumLength} bytes between the magic numbers"));
    }

    /// <summary>Flat schemas only: every field a primitive column, none repeated or inside a group.</summary>
    private ParquetTableColumn[] Describe()
    {
        ParquetSchema schema = _reader.Schema;
        foreach (Field field in schema.Fields)
            if (field is not DataField || ((DataField)field).IsArray)
                throw new ParquetUnsupportedException(Name, field.Name, $"nested column '{field.Name}' ({field.SchemaType}); only flat schemas are read");
        List<SchemaElement> elements = _metadata.Schema;
        if (elements.Count != schema.DataFields.Length + 1)
            throw new ParquetUnsupportedException(Name, null, "nested schema (the footer has groups inside the root)");
        return [.. schema.DataFields.Select((field, c) => new ParquetTableColumn(c, field.Name, field, elements[c + 1]))];
    }

    /// <summary>
    /// Checks every row group before the library trusts it: each column chunk lies inside the file (the library seeks
    /// to its offset and reads its stated size into one buffer), its value count matches the row count, and the row
    /// count is within <see cref="MaxRowsPerByte"/> of the chunk bytes (the library allocates per row before decoding).
    /// </summary>
    private void CheckRowGroups()
    {
        for (int group = 0; group < _metadata.RowGroups.Count; group++)
        {
            RowGroup rowGroup = _metadata.RowGroups[group];
            if (rowGroup.Columns is null || rowGroup.Columns.Count != Columns.Count)
                throw new ParquetFileException(Name, group, null, string.Create(CultureInfo.InvariantCulture,
                    $"{rowGroup.Columns?.Count ?? 0} column chunks for {Columns.Count} columns"));
            long bytes = 0;
            for (int c = 0; c < Columns.Count; c++)
            {
                ColumnMetaData? chunk = rowGroup.Columns[c].MetaData;
                string column = Columns[c].Name;
                if (chunk is null) throw new ParquetFileException(Name, group, column, "the column chunk has no metadata");
                long start = chunk.DictionaryPageOffset is >= 4 and var dictionary && (dictionary < chunk.DataPageOffset || chunk.DataPageOffset < 4)
                    ? dictionary : chunk.DataPageOffset;
                if (start < Magic.Length || chunk.TotalCompressedSize < 0 || start > Length || chunk.TotalCompressedSize > Length - start)
                    throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                        $"the column chunk at offset {start} with {chunk.TotalCompressedSize} bytes lies outside the file's {Length} bytes"));
                if (chunk.NumValues != rowGroup.NumRows)
                    throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                        $"{chunk.NumValues} values for {rowGroup.NumRows} rows"));
                bytes += chunk.TotalCompressedSize;
            }
            long bound = Math.Max(MinRowBound, bytes * MaxRowsPerByte);
            if (rowGroup.NumRows < 0 || rowGroup.NumRows > bound || rowGroup.NumRows > Array.MaxLength)
                throw new ParquetFileException(Name, group, null, string.Create(CultureInfo.InvariantCulture,
                    $"{rowGroup.NumRows} rows cannot be held by {bytes} bytes of column chunks"));
        }
    }

    /// <summary>Reads a column of any supported CLR type: value types into T[] plus a null mask, strings and byte arrays with null entries.</summary>
    private ParquetColumnValues ReadAny(ParquetRowGroupReader group, ParquetTableColumn column, int rows)
    {
        System.Type type = column.ClrType;
        if (column.IsString)
        {
            var strings = new string?[rows];
            group.ReadAsync(column.Field, strings.AsMemory()!, null).AsTask().GetAwaiter().GetResult();
            return new ParquetColumnValues(column, strings, null);
        }
        if (column.IsBytes)
        {
            var bytes = new byte[]?[rows];
            group.ReadAsync(column.Field, bytes.AsMemory()!, null).AsTask().GetAwaiter().GetResult();
            return new ParquetColumnValues(column, bytes, null);
        }
        return type switch
        {
            _ when type == typeof(bool) => ReadValues<bool>(group, column, rows),
            _ when type == typeof(sbyte) => ReadValues<sbyte>(group, column, rows),
            _ when type == typeof(byte) => ReadValues<byte>(group, column, rows),
            _ when type == typeof(short) => ReadValues<short>(group, column, rows),
            _ when type == typeof(ushort) => ReadValues<ushort>(group, column, rows),
            _ when type == typeof(int) => ReadValues<int>(group, column, rows),
            _ when type == typeof(uint) => ReadValues<uint>(group, column, rows),
            _ when type == typeof(long) => ReadValues<long>(group, column, rows),
            _ when type == typeof(ulong) => ReadValues<ulong>(group, column, rows),
            _ when type == typeof(float) => ReadValues<float>(group, column, rows),
            _ when type == typeof(double) => ReadValues<double>(group, column, rows),
            _ when type == typeof(Half) => ReadValues<Half>(group, column, rows),
            _ when type == typeof(decimal) => ReadValues<decimal>(group, column, rows),
            _ when type == typeof(DateTime) => ReadValues<DateTime>(group, column, rows),
            _ when type == typeof(DateOnly) => ReadValues<DateOnly>(group, column, rows),
            _ when type == typeof(TimeOnly) => ReadValues<TimeOnly>(group, column, rows),
            _ when type == typeof(TimeSpan) => ReadValues<TimeSpan>(group, column, rows),
            _ when type == typeof(Guid) => ReadValues<Guid>(group, column, rows),
            _ when type == typeof(System.Numerics.BigInteger) => ReadValues<System.Numerics.BigInteger>(group, column, rows),
            _ => throw new ParquetUnsupportedException(Name, column.Name, $"values of {column.Describe()} (read as {type.Name})"),
        };
    }

    private static ParquetColumnValues ReadValues<T>(ParquetRowGroupReader group, ParquetTableColumn column, int rows) where T : struct
    {
        var values = new T[rows];
        if (!column.IsNullable)
        {
            group.ReadAsync(column.Field, values.AsMemory(), null).AsTask().GetAwaiter().GetResult();
            return new ParquetColumnValues(column, values, null);
        }
        T?[] nullable = ArrayPool<T?>.Shared.Rent(rows);
        try
        {
            group.ReadAsync(column.Field, nullable.AsMemory(0, rows), null).AsTask().GetAwaiter().GetResult();
            var nulls = new bool[rows];
            for (int row = 0; row < rows; row++)
            {
                if (nullable[row] is { } value) values[row] = value;
                else nulls[row] = true;
            }
            return new ParquetColumnValues(column, values, nulls);
        }
        finally
        {
            ArrayPool<T?>.Shared.Return(nullable, clearArray: true);
        }
    }
}
