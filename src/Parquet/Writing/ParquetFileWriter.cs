using System.Buffers.Binary;
using System.Globalization;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;
using Parquet.Thrift;

namespace Parquet.Writing;

/// <summary>
/// Writes a flat Parquet file row group by row group: each call to <see cref="WriteRowGroup"/> encodes its
/// column chunks (in parallel), writes them and keeps only their footer metadata, so memory stays bounded by
/// one row group whatever the file size. <see cref="Dispose"/> (or <see cref="Complete"/>) writes the footer.
/// </summary>
/// <remarks>
/// <code>
///   "PAR1" | row group 0: chunk 0, chunk 1, … | row group 1 … | footer (Thrift FileMetaData) | footer length | "PAR1"
///   chunk  := [dictionary page (PLAIN)] data page (v1: [definition levels] values)+
/// </code>
/// Strings are dictionary-encoded (RLE_DICTIONARY) until the dictionary outgrows its limit, then PLAIN; numbers
/// are PLAIN, or DELTA_BINARY_PACKED where asked; pages are ~1 MiB and compressed with SNAPPY by default.
/// </remarks>
public sealed class ParquetFileWriter : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly ParquetWriterOptions _options;
    private readonly List<ThriftRowGroup> _rowGroups = [];
    private long _position;
    private bool _completed;

    /// <summary>Creates (or replaces) <paramref name="path"/>.</summary>
    public static ParquetFileWriter Create(string path, ParquetSchema schema, ParquetWriterOptions? options = null) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20), schema, options);

    /// <summary>Writes to <paramref name="stream"/> (which need not be seekable).</summary>
    /// <exception cref="ArgumentException">An option is out of range or the codec is not one we write.</exception>
    public ParquetFileWriter(Stream stream, ParquetSchema schema, ParquetWriterOptions? options = null, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(schema);
        _stream = stream;
        _leaveOpen = leaveOpen;
        Schema = schema;
        _options = options ?? new ParquetWriterOptions();
        if (!Compression.PageCompression.IsSupported(_options.Codec))
            throw new ArgumentException($"The writer produces UNCOMPRESSED, SNAPPY or GZIP, not {Compression.PageCompression.Name(_options.Codec)}.", nameof(options));
        if (_options.RowGroupSize < 1 || _options.PageSize < 1 || _options.DictionaryLimit < 0)
            throw new ArgumentException("RowGroupSize and PageSize must be positive and DictionaryLimit non-negative.", nameof(options));
        _stream.Write(ParquetFileReader.Magic);
        _position = ParquetFileReader.Magic.Length;
    }

    /// <summary>The columns written.</summary>
    public ParquetSchema Schema { get; }

    /// <summary>Rows written so far.</summary>
    public long RowCount { get; private set; }

    /// <summary>Writes one row group: one <see cref="ColumnData"/> per schema column, in schema order, of equal length.</summary>
    /// <exception cref="ArgumentException">A column is missing, out of order, of another type, or of another length.</exception>
    public void WriteRowGroup(IReadOnlyList<ColumnData> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ObjectDisposedException.ThrowIf(_completed, this);
        CheckColumns(columns);
        int rows = columns.Count == 0 ? 0 : columns[0].Count;
        var encoded = new (byte[] Bytes, ThriftColumnMetadata Metadata)[columns.Count];
        Parallel.For(0, columns.Count, c => encoded[c] = new ColumnChunkEncoder(columns[c], _options).Encode());

        var rowGroup = new ThriftRowGroup { NumRows = rows, FileOffset = _position };
        long compressed = 0;
        foreach ((byte[] bytes, ThriftColumnMetadata metadata) in encoded)
        {
            metadata.DataPageOffset += _position;
            if (metadata.DictionaryPageOffset is not null) metadata.DictionaryPageOffset += _position;
            rowGroup.Columns.Add(new ThriftColumnChunk { FileOffset = metadata.DictionaryPageOffset ?? metadata.DataPageOffset, MetaData = metadata });
            rowGroup.TotalByteSize += metadata.TotalUncompressedSize;
            compressed += bytes.Length;
            _stream.Write(bytes);
            _position += bytes.Length;
        }
        rowGroup.TotalCompressedSize = compressed;
        _rowGroups.Add(rowGroup);
        RowCount += rows;
    }

    /// <summary>Writes <paramref name="columns"/> as row groups of <see cref="ParquetWriterOptions.RowGroupSize"/> rows.</summary>
    public void Write(IReadOnlyList<ColumnData> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        CheckColumns(columns);
        int rows = columns.Count == 0 ? 0 : columns[0].Count;
        for (int start = 0; start < rows || (start == 0 && rows == 0); start += _options.RowGroupSize)
        {
            int count = Math.Min(_options.RowGroupSize, rows - start);
            WriteRowGroup([.. columns.Select(column => Slice(column, start, count))]);
            if (rows == 0) break;
        }
    }

    /// <summary>Writes the footer and closes the file (once).</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        var metadata = new ThriftFileMetadata
        {
            Version = 1,
            Schema = Schema.ToThrift(),
            NumRows = RowCount,
            RowGroups = _rowGroups,
            KeyValueMetadata = [.. _options.KeyValueMetadata],
            CreatedBy = _options.CreatedBy,
            ColumnOrders = Schema.Columns.Count,
        };
        var writer = new CompactWriter();
        metadata.Write(writer);
        byte[] footer = writer.ToArray();
        _stream.Write(footer);
        Span<byte> tail = stackalloc byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(tail, footer.Length);
        ParquetFileReader.Magic.CopyTo(tail[4..]);
        _stream.Write(tail);
        _stream.Flush();
        if (_stream is FileStream file) file.Flush(flushToDisk: true);
        if (!_leaveOpen) _stream.Dispose();
    }

    /// <inheritdoc/>
    public void Dispose() => Complete();

    private void CheckColumns(IReadOnlyList<ColumnData> columns)
    {
        if (columns.Count != Schema.Columns.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{columns.Count} columns given for a schema of {Schema.Columns.Count}."));
        for (int c = 0; c < columns.Count; c++)
        {
            if (columns[c].Column != Schema.Columns[c])
                throw new ArgumentException($"Column {c} is '{columns[c].Column.Describe()}' but the schema says '{Schema.Columns[c].Describe()}'.");
            if (columns[c].Count != columns[0].Count)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                    $"Column '{columns[c].Column.Name}' has {columns[c].Count} rows, column '{columns[0].Column.Name}' {columns[0].Count}."));
            if (columns[c].Validity is not null && !columns[c].Column.IsOptional)
                throw new ArgumentException($"Column '{columns[c].Column.Name}' is REQUIRED but has nulls.");
            if (columns[c].BinaryValues is { } binary && columns[c].Validity is null && Array.IndexOf(binary, null) >= 0)
                throw new ArgumentException($"Column '{columns[c].Column.Name}' has a null value but no validity.");
        }
    }

    private static ColumnData Slice(ColumnData column, int start, int count)
    {
        if (start == 0 && count == column.Count) return column;
        bool[]? validity = column.Validity?[start..(start + count)];
        return column.Column.PhysicalType switch
        {
            PhysicalType.Int32 => ColumnData.FromInt32(column.Column, column.Int32Values![start..(start + count)], validity),
            PhysicalType.Int64 => ColumnData.FromInt64(column.Column, column.Int64Values![start..(start + count)], validity),
            PhysicalType.Float => ColumnData.FromFloat(column.Column, column.FloatValues![start..(start + count)], validity),
            PhysicalType.Double => ColumnData.FromDouble(column.Column, column.DoubleValues![start..(start + count)], validity),
            PhysicalType.Boolean => ColumnData.FromBoolean(column.Column, column.BooleanValues![start..(start + count)], validity),
            _ => ColumnData.FromBinary(column.Column, column.BinaryValues![start..(start + count)]),
        };
    }
}
