using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using Parquet.Checksums;
using Parquet.Compression;
using Parquet.Encodings;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;
using Parquet.Thrift;

namespace Parquet.Writing;

/// <summary>
/// Encodes one column chunk of a row group into its bytes (dictionary page, then v1 data pages of about
/// <see cref="ParquetWriterOptions.PageSize"/> encoded bytes) and its footer metadata, with offsets relative to
/// the chunk start (the writer rebases them).
/// </summary>
internal sealed class ColumnChunkEncoder
{
    private readonly ParquetWriterOptions _options;
    private readonly ColumnData _data;
    private readonly ParquetColumn _column;
    private readonly ArrayBufferWriter<byte> _chunk = new();
    private readonly HashSet<ParquetEncoding> _encodings = [ParquetEncoding.Rle];
    private long _uncompressedSize;

    public ColumnChunkEncoder(ColumnData data, ParquetWriterOptions options)
    {
        _data = data;
        _column = data.Column;
        _options = options;
    }

    /// <summary>Encodes the chunk; returns its bytes and metadata (offsets relative to the chunk's first byte).</summary>
    public (byte[] Bytes, ThriftColumnMetadata Metadata) Encode()
    {
        int[] present = PresentRows();
        long? dictionaryOffset = null;
        int[]? indices = null;
        int bitWidth = 0;
        if (_options.Dictionary && _column.PhysicalType == PhysicalType.ByteArray && present.Length > 0)
        {
            (byte[][]? dictionary, indices) = BuildDictionary(present);
            if (dictionary is not null)
            {
                dictionaryOffset = 0;
                WriteDictionaryPage(dictionary);
                bitWidth = Math.Max(1, RleBitPackedEncoder.BitWidth(dictionary.Length - 1));
            }
        }
        long dataOffset = _chunk.WrittenCount;
        ParquetEncoding encoding = indices is not null ? ParquetEncoding.RleDictionary
            : _options.DeltaColumns.Contains(_column.Name) && _column.PhysicalType is PhysicalType.Int32 or PhysicalType.Int64
                ? ParquetEncoding.DeltaBinaryPacked : ParquetEncoding.Plain;
        _encodings.Add(encoding);

        int rowsPerPage = RowsPerPage(bitWidth);
        int presentCursor = 0;
        for (int start = 0; start < _data.Count || start == 0; start += rowsPerPage)
        {
            int rows = Math.Min(rowsPerPage, _data.Count - start);
            int presentStart = presentCursor;
            while (presentCursor < present.Length && present[presentCursor] < start + rows) presentCursor++;
            WriteDataPage(start, rows, present.AsSpan(presentStart, presentCursor - presentStart), encoding, indices, presentStart, bitWidth);
            if (_data.Count == 0) break;
        }

        var metadata = new ThriftColumnMetadata
        {
            Type = _column.PhysicalType,
            Encodings = [.. _encodings.Order()],
            PathInSchema = [_column.Name],
            Codec = _options.Codec,
            NumValues = _data.Count,
            TotalUncompressedSize = _uncompressedSize,
            TotalCompressedSize = _chunk.WrittenCount,
            DataPageOffset = dataOffset,
            DictionaryPageOffset = dictionaryOffset,
            Statistics = StatisticsBuilder.Build(_data, present),
        };
        return (_chunk.WrittenSpan.ToArray(), metadata);
    }

    private int[] PresentRows()
    {
        if (_data.Validity is null) return [.. Enumerable.Range(0, _data.Count)];
        var rows = new List<int>(_data.Count);
        for (int row = 0; row < _data.Count; row++) if (_data.Validity[row]) rows.Add(row);
        return [.. rows];
    }

    private int RowsPerPage(int dictionaryBitWidth)
    {
        int width = dictionaryBitWidth > 0 ? Math.Max(1, dictionaryBitWidth / 8) : _column.PhysicalType switch
        {
            PhysicalType.Boolean => 1,
            PhysicalType.Int32 or PhysicalType.Float => 4,
            PhysicalType.Int64 or PhysicalType.Double => 8,
            PhysicalType.Int96 => 12,
            PhysicalType.FixedLenByteArray => Math.Max(1, _column.TypeLength),
            _ => Math.Max(1, AverageLength() + 4),
        };
        return (int)Math.Clamp(_options.PageSize / (long)width, 1, int.MaxValue);
    }

    private int AverageLength()
    {
        long total = 0;
        int count = 0;
        foreach (byte[]? value in _data.BinaryValues!)
        {
            if (value is null) continue;
            total += value.Length;
            count++;
        }
        return count == 0 ? 0 : (int)(total / count);
    }

    /// <summary>The distinct values in first-seen order and each present row's index, or no dictionary if it outgrows the limit.</summary>
    private (byte[][]? Dictionary, int[]? Indices) BuildDictionary(int[] present)
    {
        var lookup = new Dictionary<byte[], int>(ByteArrayComparer.Instance);
        var entries = new List<byte[]>();
        var indices = new int[present.Length];
        long bytes = 0;
        for (int i = 0; i < present.Length; i++)
        {
            byte[] value = _data.BinaryValues![present[i]]!;
            if (!lookup.TryGetValue(value, out int index))
            {
                bytes += value.Length + 4;
                if (bytes > _options.DictionaryLimit) return (null, null);          // fall back to PLAIN for this chunk
                index = entries.Count;
                lookup.Add(value, index);
                entries.Add(value);
            }
            indices[i] = index;
        }
        return ([.. entries], indices);
    }

    private void WriteDictionaryPage(byte[][] dictionary)
    {
        var body = new ArrayBufferWriter<byte>();
        foreach (byte[] value in dictionary)
        {
            Span<byte> length = body.GetSpan(4);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
            body.Advance(4);
            body.Write(value);
        }
        _encodings.Add(ParquetEncoding.Plain);
        WritePage(PageType.DictionaryPage, body.WrittenSpan, dictionary.Length, ParquetEncoding.Plain);
    }

    private void WriteDataPage(int start, int rows, ReadOnlySpan<int> presentRows, ParquetEncoding encoding, int[]? indices,
        int indexStart, int bitWidth)
    {
        var body = new ArrayBufferWriter<byte>();
        if (_column.IsOptional)
        {
            var levels = new int[rows];
            for (int row = 0; row < rows; row++) levels[row] = _data.IsNull(start + row) ? 0 : 1;
            var encoded = new ArrayBufferWriter<byte>();
            RleBitPackedEncoder.Encode(levels, 1, encoded);
            Span<byte> length = body.GetSpan(4);
            System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, encoded.WrittenCount);
            body.Advance(4);
            body.Write(encoded.WrittenSpan);
        }
        switch (encoding)
        {
            case ParquetEncoding.RleDictionary:
                body.GetSpan(1)[0] = (byte)bitWidth;
                body.Advance(1);
                RleBitPackedEncoder.Encode(indices.AsSpan(indexStart, presentRows.Length), bitWidth, body);
                break;
            case ParquetEncoding.DeltaBinaryPacked:
            {
                var values = new long[presentRows.Length];
                for (int i = 0; i < values.Length; i++)
                    values[i] = _column.PhysicalType == PhysicalType.Int32 ? _data.Int32Values![presentRows[i]] : _data.Int64Values![presentRows[i]];
                DeltaBinaryPackedEncoder.Encode(values, body);
                break;
            }
            default:
                WritePlain(presentRows, body, contiguousStart: _data.Validity is null ? start : -1);
                break;
        }
        WritePage(PageType.DataPage, body.WrittenSpan, rows, encoding);
    }

    /// <summary>PLAIN values of <paramref name="rows"/>; a block copy when the rows are contiguous fixed-width values.</summary>
    private void WritePlain(ReadOnlySpan<int> rows, ArrayBufferWriter<byte> body, int contiguousStart)
    {
        switch (_column.PhysicalType)
        {
            case PhysicalType.Int32 when contiguousStart >= 0:
                body.Write(MemoryMarshal.AsBytes(_data.Int32Values.AsSpan(contiguousStart, rows.Length)));
                return;
            case PhysicalType.Int64 when contiguousStart >= 0:
                body.Write(MemoryMarshal.AsBytes(_data.Int64Values.AsSpan(contiguousStart, rows.Length)));
                return;
            case PhysicalType.Float when contiguousStart >= 0:
                body.Write(MemoryMarshal.AsBytes(_data.FloatValues.AsSpan(contiguousStart, rows.Length)));
                return;
            case PhysicalType.Double when contiguousStart >= 0:
                body.Write(MemoryMarshal.AsBytes(_data.DoubleValues.AsSpan(contiguousStart, rows.Length)));
                return;
            case PhysicalType.Int32:
                foreach (int row in rows) body.Write(MemoryMarshal.AsBytes(_data.Int32Values.AsSpan(row, 1)));
                return;
            case PhysicalType.Int64:
                foreach (int row in rows) body.Write(MemoryMarshal.AsBytes(_data.Int64Values.AsSpan(row, 1)));
                return;
            case PhysicalType.Float:
                foreach (int row in rows) body.Write(MemoryMarshal.AsBytes(_data.FloatValues.AsSpan(row, 1)));
                return;
            case PhysicalType.Double:
                foreach (int row in rows) body.Write(MemoryMarshal.AsBytes(_data.DoubleValues.AsSpan(row, 1)));
                return;
            case PhysicalType.Boolean:
            {
                int bytes = (rows.Length + 7) / 8;
                Span<byte> bits = body.GetSpan(bytes)[..bytes];
                bits.Clear();
                for (int i = 0; i < rows.Length; i++) if (_data.BooleanValues![rows[i]]) bits[i >> 3] |= (byte)(1 << (i & 7));
                body.Advance(bytes);
                return;
            }
            case PhysicalType.ByteArray:
                foreach (int row in rows)
                {
                    byte[] value = _data.BinaryValues![row]!;
                    Span<byte> length = body.GetSpan(4);
                    System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(length, value.Length);
                    body.Advance(4);
                    body.Write(value);
                }
                return;
            default:                                                        // FIXED_LEN_BYTE_ARRAY, INT96
                int width = _column.PhysicalType == PhysicalType.Int96 ? 12 : _column.TypeLength;
                foreach (int row in rows)
                {
                    byte[] value = _data.BinaryValues![row]!;
                    if (value.Length != width)
                        throw new ArgumentException(
                            $"Column '{_column.Name}', row {row}: {value.Length} bytes in a fixed-width column of {width} bytes.");
                    body.Write(value);
                }
                return;
        }
    }

    private void WritePage(PageType type, ReadOnlySpan<byte> body, int values, ParquetEncoding encoding)
    {
        byte[] compressed = PageCompression.Compress(_options.Codec, body, _options.GzipLevel);
        var header = new ThriftPageHeader
        {
            Type = type,
            UncompressedPageSize = body.Length,
            CompressedPageSize = compressed.Length,
            Crc = _options.PageChecksums ? unchecked((int)Crc32.Compute(compressed)) : null,
            NumValues = values,
            Encoding = encoding,
            DefinitionLevelEncoding = ParquetEncoding.Rle,
            RepetitionLevelEncoding = ParquetEncoding.Rle,
        };
        var writer = new CompactWriter();
        header.Write(writer);
        byte[] headerBytes = writer.ToArray();
        _chunk.Write(headerBytes);
        _chunk.Write(compressed);
        _uncompressedSize += headerBytes.Length + body.Length;
    }

    /// <summary>Compares byte arrays by content, for the dictionary.</summary>
    private sealed class ByteArrayComparer : IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] value)
        {
            var hash = new HashCode();
            hash.AddBytes(value);
            return hash.ToHashCode();
        }
    }
}
