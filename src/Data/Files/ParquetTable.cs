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

    /// <summary>Bytes read to walk one page header: headers are tens of bytes, or a few KiB with long statistics.</summary>
    private const int HeaderWindow = 1 << 16;

    /// <summary>Most bytes read for one page header (statistics of long strings); past that the header counts as damaged.</summary>
    private const int MaxHeaderWindow = 1 << 26;

    /// <summary>
    /// Largest ratio of a page's uncompressed to compressed size accepted: DEFLATE's limit is about 1032:1, Snappy's
    /// about 21:1; ZSTD and BROTLI can exceed it only on data that writers dictionary- or run-length-encode anyway.
    /// </summary>
    private const long MaxCompressionRatio = 1100;

    /// <summary>Uncompressed bytes a page may always claim, whatever its compressed size.</summary>
    private const long MinPageBound = 1 << 20;

    private readonly Func<Stream> _open;
    private readonly ParquetReader _reader;
    private readonly FileMetaData _metadata;

    private ParquetTable(string name, long length, Func<Stream> open)
    {
        Name = name;
        Length = length;
        _open = open;
        CheckFooter();
        _reader = Guard(null, null, CreateReader);
        try
        {
            _metadata = Guard(null, null, () => _reader.Metadata) ?? throw new ParquetFileException(Name, null, null, "the footer holds no metadata");
            (Columns, Metadata) = Guard(null, null, () =>
            {
                Repair(_metadata);
                ParquetTableColumn[] columns = Describe();
                return (columns, (IReadOnlyDictionary<string, string>)(_reader.CustomMetadata ?? []));
            });
            Guard(null, null, () =>
            {
                CheckRowGroups();
                return 0;
            });
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
        System.Type element = parts.Length > 0 ? parts[0].Values.GetType().GetElementType()!
            : column.IsString ? typeof(string) : column.IsBytes ? typeof(byte[]) : column.ClrType;          // a file without row groups
        Array values = Array.CreateInstance(element, total);
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

    /// <summary>A library reader on a stream of its own; the stream is closed with the reader, or here when the library refuses it.</summary>
    private ParquetReader CreateReader()
    {
        Stream stream = _open();
        try
        {
            return ParquetReader.CreateAsync(stream, new ParquetOptions(), leaveStreamOpen: false).GetAwaiter().GetResult();
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

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
            ParquetReader reader = CreateReader();
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
            throw new ParquetFileException(Name, rowGroup, column, $"cannot be read ({error.Message})", error);
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
        byte[] bytes = new byte[footer];
        using (Stream stream = _open())
        {
            stream.Seek(Length - 8 - footer, SeekOrigin.Begin);
            stream.ReadExactly(bytes);
        }
        try
        {
            ThriftBounds.Walk(bytes);
        }
        catch (InvalidDataException error)
        {
            throw new ParquetFileException(Name, null, null, $"the footer is damaged ({error.Message})", error);
        }
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
            for (int c = 0; c < Columns.Count; c++) CheckPages(group, Columns[c].Name, rowGroup.Columns[c].MetaData!, rowGroup.NumRows);
        }
    }

    /// <summary>
    /// Walks the page headers of one column chunk before the library reads them. The library allocates the
    /// uncompressed size a header claims before decompressing, and arrays of the value counts it claims before
    /// decoding: each is checked here against the chunk's bytes and the row group's rows. Every header's Thrift is
    /// walked by <see cref="ThriftBounds"/> so its own counts are bounded too.
    /// </summary>
    private void CheckPages(int group, string column, ColumnMetaData chunk, long rows)
    {
        long start = chunk.DictionaryPageOffset is >= 4 and var dictionary && (dictionary < chunk.DataPageOffset || chunk.DataPageOffset < 4)
            ? dictionary : chunk.DataPageOffset;
        long end = start + chunk.TotalCompressedSize, position = start;
        using Stream stream = _open();
        var window = new byte[(int)Math.Min(HeaderWindow, chunk.TotalCompressedSize)];
        for (int page = 0; position < end; page++)
        {
            long uncompressed = -1, compressed = -1, values = 0, levels = 0;
            bool v2Uncompressed = false;
            int headerLength;
            while (true)
            {
                int available = (int)Math.Min(window.Length, end - position);
                stream.Seek(position, SeekOrigin.Begin);
                stream.ReadExactly(window, 0, available);
                try
                {
                    headerLength = ThriftBounds.Walk(window.AsSpan(0, available), (parent, field, value) =>
                    {
                        switch (parent, field)
                        {
                            case (0, 2): uncompressed = value; break;
                            case (0, 3): compressed = value; break;
                            case (5 or 7 or 8, 1): values = Math.Max(values, value); break;
                            case (8, 3): values = Math.Max(values, value); break;
                            case (8, 5 or 6): levels += value; break;
                            case (8, 7): v2Uncompressed = value == 0; break;
                        }
                    });
                    break;
                }
                catch (InvalidDataException) when (available < end - position && window.Length < MaxHeaderWindow)
                {
                    window = new byte[(int)Math.Min(MaxHeaderWindow, (long)window.Length * 4)];   // a header with long statistics: read more
                    uncompressed = compressed = -1;
                    values = levels = 0;
                    v2Uncompressed = false;
                }
                catch (InvalidDataException error)
                {
                    throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                        $"page {page} at offset {position}: the page header is damaged ({error.Message})"), error);
                }
            }
            long left = end - position - headerLength;
            string Where() => string.Create(CultureInfo.InvariantCulture, $"page {page} at offset {position}");
            if (compressed < 0 || compressed > left)
                throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                    $"{Where()} claims {compressed} bytes, {left} remain in the column chunk"));
            if (uncompressed < 0 || uncompressed > Math.Max(MinPageBound, compressed * MaxCompressionRatio))
                throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                    $"{Where()} claims {uncompressed} uncompressed bytes from {compressed} compressed ones"));
            if (values < 0 || values > Math.Max(rows, uncompressed))
                throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                    $"{Where()} claims {values} values in a row group of {rows} rows"));
            if (levels < 0 || levels > compressed)
                throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                    $"{Where()} claims {levels} bytes of levels in {compressed} bytes"));
            if (chunk.Codec == CompressionCodec.SNAPPY && !v2Uncompressed && compressed > levels)
                CheckSnappyLength(stream, position + headerLength + levels, compressed - levels, uncompressed - levels, group, column, Where());
            position += headerLength + compressed;
        }
    }

    /// <summary>
    /// A Snappy block starts with its uncompressed length as a varint, and the decompressor allocates that much before
    /// it decodes a byte; it must not exceed what the page header claims (itself bounded above).
    /// </summary>
    private void CheckSnappyLength(Stream stream, long offset, long compressed, long uncompressed, int group, string column, string where)
    {
        stream.Seek(offset, SeekOrigin.Begin);
        ulong length = 0;
        for (int shift = 0, read = 0; ; shift += 7, read++)
        {
            int next = read < compressed && shift < 35 ? stream.ReadByte() : -1;
            if (next < 0)
                throw new ParquetFileException(Name, group, column, $"{where}: the Snappy block's length is damaged");
            length |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0) break;
        }
        if (length > (ulong)Math.Max(0, uncompressed))
            throw new ParquetFileException(Name, group, column, string.Create(CultureInfo.InvariantCulture,
                $"{where}: the Snappy block claims {length} bytes, the page header {uncompressed}"));
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
