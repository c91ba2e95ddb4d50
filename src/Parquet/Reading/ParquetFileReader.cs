using System.Buffers.Binary;
using System.Globalization;
using Parquet.Compression;
using Parquet.Metadata;
using Parquet.Schema;
using Parquet.Thrift;

namespace Parquet.Reading;

/// <summary>
/// Reads flat Parquet files: the footer on open, then whole columns (all row groups, decoded in parallel) or
/// single column chunks, as typed arrays. Memory while reading a chunk is about the chunk's size plus its output.
/// </summary>
/// <remarks>
/// <para>The end of a file, as the reader checks it:</para>
/// <code>
///   ... column chunks ... | footer (Thrift FileMetaData) | footer length (4 bytes, LE) | "PAR1"
///   the file also starts with "PAR1"; "PARE" instead means an encrypted footer (not supported)
/// </code>
/// <para>Every offset and length from the footer is checked against the file size before it is used, and a
/// row group may not claim more rows than its chunks' bytes could encode (<see cref="MaxValuesPerChunkByte"/>),
/// so a corrupt file is rejected with a <see cref="ParquetException"/> instead of exhausting memory.</para>
/// </remarks>
public sealed class ParquetFileReader : IDisposable
{
    /// <summary>The 4-byte marker at both ends of a Parquet file.</summary>
    internal static ReadOnlySpan<byte> Magic => "PAR1"u8;

    /// <summary>The marker of a file with an encrypted footer.</summary>
    private static ReadOnlySpan<byte> EncryptedMagic => "PARE"u8;

    /// <summary>
    /// Most values a column chunk may declare per byte it occupies (plus <see cref="ValueAllowance"/>). RLE lets a
    /// few bytes stand for many values: a constant column of 1M rows can fit in ~50 bytes (inside the allowance),
    /// and writers cut pages every ~20K rows, each with a ~30-byte header, so real chunks stay far below 8,192
    /// values per byte. The bound exists so a 1 KB corrupt footer cannot make the reader allocate gigabytes.
    /// </summary>
    internal const long MaxValuesPerChunkByte = 8_192;

    /// <summary>Values any chunk may declare regardless of its size.</summary>
    internal const long ValueAllowance = 1 << 20;

    private readonly ByteSource _source;
    private readonly ThriftFileMetadata _metadata;

    /// <summary>Opens <paramref name="path"/> and reads its footer.</summary>
    /// <exception cref="ParquetException">The file is not valid Parquet or uses an unsupported feature.</exception>
    /// <exception cref="IOException">The file cannot be opened.</exception>
    public static ParquetFileReader Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        ByteSource source = ByteSource.OpenFile(path);
        try
        {
            return new ParquetFileReader(source, Path.GetFileName(path));
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    /// <summary>Reads the footer of the seekable <paramref name="stream"/>, naming it <paramref name="name"/> in errors.</summary>
    /// <exception cref="ParquetException">The data is not valid Parquet or uses an unsupported feature.</exception>
    public ParquetFileReader(Stream stream, string name, bool leaveOpen = false)
        : this(ByteSource.FromStream(stream ?? throw new ArgumentNullException(nameof(stream)), leaveOpen), name)
    {
    }

    private ParquetFileReader(ByteSource source, string name)
    {
        _source = source;
        Name = name;
        var location = new ParquetLocation(name);
        long length = source.Length;
        if (length < 12)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the file is {length} bytes, too small for a Parquet file (at least 12: two 'PAR1' markers and the footer length)"));
        Span<byte> head = stackalloc byte[4];
        Span<byte> tail = stackalloc byte[8];
        source.Read(0, head);
        source.Read(length - 8, tail);
        if (tail[4..].SequenceEqual(EncryptedMagic) || head.SequenceEqual(EncryptedMagic))
            throw new ParquetNotSupportedException(location, "encryption", "the file has an encrypted footer ('PARE'); encrypted Parquet is not read");
        if (!head.SequenceEqual(Magic))
            throw new ParquetFormatException(location with { Offset = 0 }, "the file does not start with the 'PAR1' marker: not a Parquet file");
        if (!tail[4..].SequenceEqual(Magic))
            throw new ParquetFormatException(location with { Offset = length - 4 }, "the file does not end with the 'PAR1' marker: truncated or not a Parquet file");
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(tail);
        if (footerLength < 0)
            throw new ParquetFormatException(location with { Offset = length - 8 }, string.Create(CultureInfo.InvariantCulture, $"the footer length is negative ({footerLength})"));
        if (footerLength > length - 12)
            throw new ParquetFormatException(location with { Offset = length - 8 }, string.Create(CultureInfo.InvariantCulture,
                $"the footer length {footerLength} exceeds the {length - 12} bytes between the markers"));
        FooterOffset = length - 8 - footerLength;
        var footer = new byte[footerLength];
        source.Read(FooterOffset, footer);
        _metadata = ThriftFileMetadata.Read(new CompactReader(footer, 0, footer.Length, location, FooterOffset));
        if (_metadata.Encrypted)
            throw new ParquetNotSupportedException(location, "encryption", "the file is encrypted (plaintext footer with an encryption algorithm)");
        Schema = ParquetSchema.FromThrift(_metadata.Schema, location);
        RowGroups = [.. _metadata.RowGroups.Select((rowGroup, index) => Describe(rowGroup, index, location))];
        KeyValueMetadata = _metadata.KeyValueMetadata;
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    /// <summary>The columns.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>The row groups with their chunks' codecs, encodings, sizes and statistics.</summary>
    public IReadOnlyList<RowGroupInfo> RowGroups { get; }

    /// <summary>Rows in the file (the sum over row groups).</summary>
    public long RowCount => RowGroups.Sum(rowGroup => rowGroup.RowCount);

    /// <summary>File-level key-value metadata.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> KeyValueMetadata { get; }

    /// <summary>The application that wrote the file, if it said.</summary>
    public string? CreatedBy => _metadata.CreatedBy;

    /// <summary>The format version in the footer.</summary>
    public int FormatVersion => _metadata.Version;

    /// <summary>Where the footer starts.</summary>
    internal long FooterOffset { get; }

    /// <summary>One column chunk: column <paramref name="column"/> of row group <paramref name="rowGroup"/>.</summary>
    /// <exception cref="ParquetException">The chunk is corrupt or uses an unsupported feature.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such row group or column.</exception>
    public ColumnData ReadColumn(int rowGroup, int column)
    {
        CheckIndexes(rowGroup, column);
        var output = new ColumnData(Schema.Columns[column], checked((int)RowGroups[rowGroup].RowCount));
        DecodeChunk(rowGroup, column, output, 0);
        return Finish(output);
    }

    /// <summary>One column chunk by column name.</summary>
    /// <exception cref="ArgumentException">No column has that name.</exception>
    public ColumnData ReadColumn(int rowGroup, string column) => ReadColumn(rowGroup, ColumnIndex(column));

    /// <summary>A whole column (every row group, decoded in parallel), as one array.</summary>
    /// <exception cref="ParquetException">A chunk is corrupt or uses an unsupported feature.</exception>
    public ColumnData ReadColumn(string column) => ReadColumn(ColumnIndex(column));

    /// <summary>A whole column by index.</summary>
    public ColumnData ReadColumn(int column)
    {
        CheckIndexes(0, column, checkRowGroup: false);
        long total = RowCount;
        if (total > Array.MaxLength)
            throw new ParquetNotSupportedException(new ParquetLocation(Name, Column: Schema.Columns[column].Name), "column size",
                $"{total} rows do not fit one array; read row group by row group");
        var output = new ColumnData(Schema.Columns[column], (int)total);
        var starts = new int[RowGroups.Count];
        for (int g = 1; g < starts.Length; g++) starts[g] = starts[g - 1] + (int)RowGroups[g - 1].RowCount;
        var errors = new Exception?[RowGroups.Count];
        Parallel.For(0, RowGroups.Count, rowGroup =>
        {
            try
            {
                DecodeChunk(rowGroup, column, output, starts[rowGroup]);
            }
            catch (Exception error) when (error is ParquetException or IOException)
            {
                errors[rowGroup] = error;
            }
        });
        Exception? first = errors.FirstOrDefault(error => error is not null);     // the earliest row group's error, deterministically
        if (first is not null) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
        return Finish(output);
    }

    /// <summary>A whole INT32 column without nulls.</summary>
    /// <exception cref="InvalidOperationException">The column is not INT32 or holds nulls.</exception>
    public int[] ReadInt32(string column) => NoNulls(ReadColumn(column)).Int32Values ?? throw WrongType(column, PhysicalType.Int32);

    /// <summary>A whole INT64 column without nulls.</summary>
    public long[] ReadInt64(string column) => NoNulls(ReadColumn(column)).Int64Values ?? throw WrongType(column, PhysicalType.Int64);

    /// <summary>A whole FLOAT column without nulls.</summary>
    public float[] ReadFloat(string column) => NoNulls(ReadColumn(column)).FloatValues ?? throw WrongType(column, PhysicalType.Float);

    /// <summary>A whole DOUBLE column without nulls.</summary>
    public double[] ReadDouble(string column) => NoNulls(ReadColumn(column)).DoubleValues ?? throw WrongType(column, PhysicalType.Double);

    /// <summary>A whole string column (nulls as null).</summary>
    public string?[] ReadStrings(string column) => ReadColumn(column).ToStrings();

    /// <inheritdoc/>
    public void Dispose() => _source.Dispose();

    private int ColumnIndex(string column)
    {
        int index = Schema.IndexOf(column);
        if (index < 0)
            throw new ArgumentException($"{Name} has no column '{column}' (columns: {string.Join(", ", Schema.Columns.Select(c => c.Name))}).", nameof(column));
        return index;
    }

    private void CheckIndexes(int rowGroup, int column, bool checkRowGroup = true)
    {
        if (checkRowGroup) ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)rowGroup, (uint)RowGroups.Count, nameof(rowGroup));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)column, (uint)Schema.Columns.Count, nameof(column));
    }

    private InvalidOperationException WrongType(string column, PhysicalType expected) =>
        new($"{Name}: column '{column}' is {ParquetColumn.PhysicalTypeName(Schema.Columns[ColumnIndex(column)].PhysicalType)}, not {ParquetColumn.PhysicalTypeName(expected)}.");

    private ColumnData NoNulls(ColumnData data) => data.NullCount == 0 ? data
        : throw new InvalidOperationException($"{Name}: column '{data.Column.Name}' has {data.NullCount} nulls; use ReadColumn for nullable data.");

    private static ColumnData Finish(ColumnData output)
    {
        if (output.Validity is null) return output;
        int nulls = 0;
        foreach (bool valid in output.Validity) if (!valid) nulls++;
        output.NullCount = nulls;
        if (nulls == 0) output.Validity = null;
        return output;
    }

    private void DecodeChunk(int rowGroup, int column, ColumnData output, int offset)
    {
        ThriftRowGroup group = _metadata.RowGroups[rowGroup];
        ParquetColumn schemaColumn = Schema.Columns[column];
        var location = new ParquetLocation(Name, rowGroup, schemaColumn.Name);
        int rows = (int)group.NumRows;
        ThriftColumnMetadata metadata = group.Columns[column].MetaData!;
        PageCompression.CheckSupported(metadata.Codec, location);
        if (rows == 0) return;

        (long start, long length) = ChunkRange(metadata, location);
        if (length > Array.MaxLength)
            throw new ParquetNotSupportedException(location, "column chunk size", $"a column chunk of {length} bytes (more than one array holds)");
        if (rows > ValueAllowance + MaxValuesPerChunkByte * length)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the row group claims {rows} rows but the column chunk has only {length} bytes"));
        byte[] chunk = System.Buffers.ArrayPool<byte>.Shared.Rent((int)length);   // length ≤ the file's data region, checked above
        try
        {
            _source.Read(start, chunk.AsSpan(0, (int)length));
            new ColumnChunkDecoder(schemaColumn, metadata.Codec, location).Decode(chunk, (int)length, start, rows, output, offset);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    /// <summary>Where a chunk's pages are: from its dictionary page (when the offset is set and plausible) or first data page, for its compressed size.</summary>
    private (long Start, long Length) ChunkRange(ThriftColumnMetadata metadata, ParquetLocation location)
    {
        long start = metadata.DictionaryPageOffset is > 0 and long dictionary && dictionary < metadata.DataPageOffset
            ? dictionary : metadata.DataPageOffset;
        long length = metadata.TotalCompressedSize;
        if (start < Magic.Length || length < 0 || start > FooterOffset || length > FooterOffset - start)
            throw new ParquetFormatException(location with { Offset = start }, string.Create(CultureInfo.InvariantCulture,
                $"the column chunk spans bytes {start}..{start + length}, outside the data region {Magic.Length}..{FooterOffset}"));
        return (start, length);
    }

    private RowGroupInfo Describe(ThriftRowGroup rowGroup, int index, ParquetLocation location)
    {
        ParquetLocation here = location with { RowGroup = index };
        if (rowGroup.NumRows < 0 || rowGroup.NumRows > int.MaxValue)
            throw new ParquetFormatException(here, string.Create(CultureInfo.InvariantCulture, $"the row group claims {rowGroup.NumRows} rows"));
        if (rowGroup.Columns.Count != Schema.Columns.Count)
            throw new ParquetFormatException(here, string.Create(CultureInfo.InvariantCulture,
                $"the row group has {rowGroup.Columns.Count} column chunks for {Schema.Columns.Count} schema columns"));
        var columns = new List<ColumnChunkInfo>(rowGroup.Columns.Count);
        for (int c = 0; c < rowGroup.Columns.Count; c++)
        {
            ThriftColumnChunk chunk = rowGroup.Columns[c];
            ParquetColumn column = Schema.Columns[c];
            ParquetLocation at = here with { Column = column.Name };
            if (chunk.Encrypted) throw new ParquetNotSupportedException(at, "encryption", "the column chunk is encrypted");
            if (chunk.FilePath is not null)
                throw new ParquetNotSupportedException(at, "external column chunk", $"the column chunk lives in another file ('{chunk.FilePath}')");
            ThriftColumnMetadata metadata = chunk.MetaData ?? throw new ParquetFormatException(at, "the column chunk has no metadata");
            if (metadata.Type != column.PhysicalType)
                throw new ParquetFormatException(at, $"the column chunk is {ParquetColumn.PhysicalTypeName(metadata.Type)} but the schema says {ParquetColumn.PhysicalTypeName(column.PhysicalType)}");
            columns.Add(new ColumnChunkInfo(column.Name, metadata.Codec, metadata.Encodings, metadata.NumValues, metadata.TotalCompressedSize,
                metadata.TotalUncompressedSize, metadata.DictionaryPageOffset is > 0 and long d && d < metadata.DataPageOffset ? d : metadata.DataPageOffset,
                StatisticsDecoder.Decode(metadata.Statistics, column), metadata.KeyValueMetadata));
        }
        return new RowGroupInfo(index, rowGroup.NumRows, columns);
    }
}
