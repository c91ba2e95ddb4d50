using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using Parquet.Checksums;
using Parquet.Compression;
using Parquet.Encodings;
using Parquet.Metadata;
using Parquet.Schema;
using Parquet.Thrift;

namespace Parquet.Reading;

/// <summary>
/// Decodes the pages of one column chunk (already read into memory) into rows [offset, offset + rows) of a
/// <see cref="ColumnData"/>: an optional dictionary page first, then v1 or v2 data pages, each checked against
/// what remains of the chunk and of the row group before anything is allocated for it.
/// </summary>
/// <remarks>
/// <code>
///   column chunk := [dictionary page] data page+         page := PageHeader (Thrift) body
///   v1 body      := compress( [def levels: i32 length, RLE hybrid] values )
///   v2 body      := rep levels, def levels (RLE hybrid, uncompressed, lengths in the header), compress?(values)
/// </code>
/// A flat column has at most one definition level (0 = null, 1 = value) and no repetition levels. Non-null
/// values are decoded densely at the start of the page's row range, then spread backwards to their rows.
/// </remarks>
internal sealed class ColumnChunkDecoder
{
    private readonly ParquetColumn _column;
    private readonly CompressionCodec _codec;
    private readonly ParquetLocation _location;
    private ColumnData? _dictionary;
    private int _dictionaryCount;
    private byte[]? _buffer;                  // decompressed page, rented once per chunk and reused page after page

    public ColumnChunkDecoder(ParquetColumn column, CompressionCodec codec, ParquetLocation location)
    {
        _column = column;
        _codec = codec;
        _location = location;
    }

    /// <summary>Decodes <paramref name="rows"/> rows from <paramref name="chunk"/> (which starts at file offset <paramref name="chunkOffset"/>) into <paramref name="output"/> from row <paramref name="offset"/>.</summary>
    public void Decode(byte[] chunk, int chunkLength, long chunkOffset, int rows, ColumnData output, int offset)
    {
        try
        {
            DecodePages(chunk, chunkLength, chunkOffset, rows, output, offset);
        }
        finally
        {
            if (_buffer is not null) System.Buffers.ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private void DecodePages(byte[] chunk, int chunkLength, long chunkOffset, int rows, ColumnData output, int offset)
    {
        int position = 0, page = 0, done = 0;
        while (done < rows)
        {
            ParquetLocation here = _location with { Page = page, Offset = chunkOffset + position };
            if (position >= chunkLength)
                throw new ParquetFormatException(here, string.Create(CultureInfo.InvariantCulture,
                    $"the column chunk ends after {done} of its row group's {rows} values"));
            var headerReader = new CompactReader(chunk, position, chunkLength - position, here, chunkOffset + position);
            ThriftPageHeader header = ThriftPageHeader.Read(headerReader);
            position = headerReader.Position;
            if (header.CompressedPageSize < 0 || header.CompressedPageSize > chunkLength - position)
                throw new ParquetFormatException(here, string.Create(CultureInfo.InvariantCulture,
                    $"the page claims {header.CompressedPageSize} bytes but {chunkLength - position} remain in the column chunk"));
            ReadOnlySpan<byte> body = chunk.AsSpan(position, header.CompressedPageSize);
            here = here with { Offset = chunkOffset + position };
            position += header.CompressedPageSize;
            if (header.Crc is int crc && unchecked((int)Crc32.Compute(body)) != crc)
                throw new ParquetFormatException(here, "page checksum (CRC-32) does not match its bytes");

            switch (header.Type)
            {
                case PageType.DictionaryPage:
                    if (_dictionary is not null) throw new ParquetFormatException(here, "a second dictionary page in one column chunk");
                    if (done > 0) throw new ParquetFormatException(here, "a dictionary page after data pages");
                    ReadDictionary(header, body, here);
                    break;
                case PageType.DataPage:
                    done += ReadDataPage(header, body, here, rows - done, output, offset + done, v2: false);
                    break;
                case PageType.DataPageV2:
                    done += ReadDataPage(header, body, here, rows - done, output, offset + done, v2: true);
                    break;
                case PageType.IndexPage:
                    break;
                default:
                    throw new ParquetFormatException(here, $"unknown page type {(int)header.Type}");
            }
            page++;
        }
    }

    private void ReadDictionary(ThriftPageHeader header, ReadOnlySpan<byte> body, ParquetLocation location)
    {
        if (!header.HasDictionaryHeader) throw new ParquetFormatException(location, "a dictionary page without a dictionary page header");
        if (header.Encoding is not (ParquetEncoding.Plain or ParquetEncoding.PlainDictionary))
            throw new ParquetNotSupportedException(location, "dictionary encoding", $"dictionary page encoding {header.Encoding}");
        ReadOnlySpan<byte> bytes = PageCompression.Decompress(_codec, body, header.UncompressedPageSize, ref _buffer, location);
        int count = header.NumValues;
        // Every PLAIN value takes at least one bit (booleans), so a count beyond 8 × bytes is corrupt.
        if (count < 0 || count > (long)bytes.Length * 8 + 8)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the dictionary claims {count} values in {bytes.Length} bytes"));
        var dictionary = new ColumnData(_column with { IsOptional = false }, count);
        var cursor = new PageCursor(bytes, location);
        DecodePlain(ref cursor, dictionary, 0, count);
        _dictionary = dictionary;
        _dictionaryCount = count;
    }

    private int ReadDataPage(ThriftPageHeader header, ReadOnlySpan<byte> body, ParquetLocation location, int rowsLeft,
        ColumnData output, int start, bool v2)
    {
        if (!header.HasDataHeader) throw new ParquetFormatException(location, "a data page without a data page header");
        int values = header.NumValues;
        if (values < 0 || values > rowsLeft)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the page claims {values} values but only {rowsLeft} rows of the row group remain"));

        ReadOnlySpan<byte> page;
        ReadOnlySpan<byte> levelBytes = default;
        if (v2)
        {
            int repetition = header.RepetitionLevelsByteLength, definition = header.DefinitionLevelsByteLength;
            if (repetition < 0 || definition < 0 || (long)repetition + definition > body.Length)
                throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                    $"level lengths {repetition} + {definition} exceed the page's {body.Length} bytes"));
            levelBytes = body.Slice(repetition, definition);
            ReadOnlySpan<byte> valueBytes = body[(repetition + definition)..];
            int valueSize = header.UncompressedPageSize - repetition - definition;
            page = header.IsCompressed && _codec != CompressionCodec.Uncompressed
                ? PageCompression.Decompress(_codec, valueBytes, valueSize, ref _buffer, location)
                : Checked(valueBytes, valueSize, location);
        }
        else
        {
            page = PageCompression.Decompress(_codec, body, header.UncompressedPageSize, ref _buffer, location);
        }

        var cursor = new PageCursor(page, location);
        int[]? levels = null;
        int present = values;
        if (_column.IsOptional)
        {
            levels = new int[values];
            if (v2)
            {
                var levelCursor = new PageCursor(levelBytes, location);
                RleBitPackedDecoder.Decode(ref levelCursor, 1, levels, "definition levels");
            }
            else
            {
                ReadV1Levels(ref cursor, header.DefinitionLevelEncoding, levels);
            }
            present = 0;
            foreach (int level in levels)
            {
                if (level > 1) throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"definition level {level} in a flat column (maximum 1)"));
                present += level;
            }
        }
        else if (v2 && header.NumNulls != 0)
        {
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture, $"a REQUIRED column's page claims {header.NumNulls} nulls"));
        }

        DecodeValues(ref cursor, header.Encoding, output, start, present);
        if (levels is not null) Spread(output, start, values, present, levels);
        return values;
    }

    private static ReadOnlySpan<byte> Checked(ReadOnlySpan<byte> bytes, int declared, ParquetLocation location)
    {
        if (bytes.Length != declared)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the page's value section is {bytes.Length} bytes but its header says {declared}"));
        return bytes;
    }

    private static void ReadV1Levels(ref PageCursor cursor, ParquetEncoding encoding, int[] levels)
    {
        if (encoding == ParquetEncoding.Rle)
        {
            int length = cursor.ReadInt32("definition levels length");
            if (length < 0) throw cursor.Corrupt($"negative definition levels length {length}");
            var levelCursor = new PageCursor(cursor.Take(length, "definition levels"), cursor.Location);
            RleBitPackedDecoder.Decode(ref levelCursor, 1, levels, "definition levels");
        }
        else if (encoding == ParquetEncoding.BitPacked)
        {
            // The deprecated BIT_PACKED level encoding packs from the most significant bit of each byte.
            ReadOnlySpan<byte> bits = cursor.Take((levels.Length + 7) / 8, "definition levels");
            for (int i = 0; i < levels.Length; i++) levels[i] = (bits[i >> 3] >> (7 - (i & 7))) & 1;
        }
        else
        {
            throw cursor.Corrupt($"definition level encoding {encoding} (RLE or BIT_PACKED expected)");
        }
    }

    /// <summary>Moves the dense values [start, start + present) to the rows whose level is 1, backwards, and marks validity.</summary>
    private static void Spread(ColumnData output, int start, int values, int present, int[] levels)
    {
        bool[] validity = output.Validity!;
        int source = start + present - 1;
        for (int row = values - 1; row >= 0; row--)
        {
            int target = start + row;
            if (levels[row] == 1)
            {
                validity[target] = true;
                if (source != target) Move(output, source, target);
                source--;
            }
            else
            {
                validity[target] = false;
                Clear(output, target);
            }
        }
    }

    private static void Move(ColumnData data, int from, int to)
    {
        if (data.Int32Values is { } ints) ints[to] = ints[from];
        else if (data.Int64Values is { } longs) longs[to] = longs[from];
        else if (data.DoubleValues is { } doubles) doubles[to] = doubles[from];
        else if (data.FloatValues is { } floats) floats[to] = floats[from];
        else if (data.BooleanValues is { } booleans) booleans[to] = booleans[from];
        else data.BinaryValues![to] = data.BinaryValues[from];
    }

    private static void Clear(ColumnData data, int row)
    {
        if (data.Int32Values is { } ints) ints[row] = 0;
        else if (data.Int64Values is { } longs) longs[row] = 0;
        else if (data.DoubleValues is { } doubles) doubles[row] = 0;
        else if (data.FloatValues is { } floats) floats[row] = 0;
        else if (data.BooleanValues is { } booleans) booleans[row] = false;
        else data.BinaryValues![row] = null;
    }

    private void DecodeValues(ref PageCursor cursor, ParquetEncoding encoding, ColumnData output, int start, int count)
    {
        PhysicalType type = _column.PhysicalType;
        switch (encoding)
        {
            case ParquetEncoding.Plain:
                DecodePlain(ref cursor, output, start, count);
                return;
            case ParquetEncoding.PlainDictionary or ParquetEncoding.RleDictionary:
                DecodeDictionaryIndices(ref cursor, output, start, count);
                return;
            case ParquetEncoding.Rle when type == PhysicalType.Boolean:
            {
                int length = cursor.ReadInt32("boolean RLE length");
                if (length < 0) throw cursor.Corrupt($"negative boolean RLE length {length}");
                var runs = new PageCursor(cursor.Take(length, "boolean RLE data"), cursor.Location);
                var bits = new int[count];
                RleBitPackedDecoder.Decode(ref runs, 1, bits, "boolean values");
                bool[] target = output.BooleanValues!;
                for (int i = 0; i < count; i++) target[start + i] = bits[i] != 0;
                return;
            }
            case ParquetEncoding.DeltaBinaryPacked when type == PhysicalType.Int32:
                DeltaBinaryPackedDecoder.Decode(ref cursor, output.Int32Values.AsSpan(start, count), "DELTA_BINARY_PACKED values");
                return;
            case ParquetEncoding.DeltaBinaryPacked when type == PhysicalType.Int64:
                DeltaBinaryPackedDecoder.Decode(ref cursor, output.Int64Values.AsSpan(start, count), "DELTA_BINARY_PACKED values");
                return;
            case ParquetEncoding.DeltaLengthByteArray when type == PhysicalType.ByteArray:
                ByteArrayDecoders.DecodeDeltaLength(ref cursor, output.BinaryValues.AsSpan(start, count), "DELTA_LENGTH_BYTE_ARRAY values");
                return;
            case ParquetEncoding.DeltaByteArray when type is PhysicalType.ByteArray or PhysicalType.FixedLenByteArray:
                ByteArrayDecoders.DecodeDelta(ref cursor, output.BinaryValues.AsSpan(start, count), "DELTA_BYTE_ARRAY values");
                if (type == PhysicalType.FixedLenByteArray) CheckFixedWidths(ref cursor, output, start, count);
                return;
            case ParquetEncoding.ByteStreamSplit when type is PhysicalType.Float or PhysicalType.Double or PhysicalType.Int32
                                                         or PhysicalType.Int64 or PhysicalType.FixedLenByteArray:
                DecodeByteStreamSplit(ref cursor, output, start, count);
                return;
            default:
                throw new ParquetNotSupportedException(cursor.Location, "encoding " + encoding,
                    $"encoding {encoding} for a {ParquetColumn.PhysicalTypeName(type)} column");
        }
    }

    private void CheckFixedWidths(ref PageCursor cursor, ColumnData output, int start, int count)
    {
        for (int i = 0; i < count; i++)
            if (output.BinaryValues![start + i]!.Length != _column.TypeLength)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture,
                    $"value {i} is {output.BinaryValues[start + i]!.Length} bytes in a FIXED_LEN_BYTE_ARRAY({_column.TypeLength}) column"));
    }

    private void DecodePlain(ref PageCursor cursor, ColumnData output, int start, int count)
    {
        const string what = "PLAIN values";
        switch (_column.PhysicalType)
        {
            case PhysicalType.Boolean:
            {
                ReadOnlySpan<byte> bits = cursor.Take((count + 7) / 8, what);
                bool[] target = output.BooleanValues!;
                for (int i = 0; i < count; i++) target[start + i] = (bits[i >> 3] >> (i & 7) & 1) != 0;
                return;
            }
            case PhysicalType.Int32:
                CopyLittleEndian(TakeValues(ref cursor, count, 4), output.Int32Values.AsSpan(start, count));
                return;
            case PhysicalType.Int64:
                CopyLittleEndian(TakeValues(ref cursor, count, 8), output.Int64Values.AsSpan(start, count));
                return;
            case PhysicalType.Float:
                CopyLittleEndian(TakeValues(ref cursor, count, 4), output.FloatValues.AsSpan(start, count));
                return;
            case PhysicalType.Double:
                CopyLittleEndian(TakeValues(ref cursor, count, 8), output.DoubleValues.AsSpan(start, count));
                return;
            case PhysicalType.Int96:
                ByteArrayDecoders.DecodeFixed(ref cursor, 12, output.BinaryValues.AsSpan(start, count), what);
                return;
            case PhysicalType.FixedLenByteArray:
                ByteArrayDecoders.DecodeFixed(ref cursor, _column.TypeLength, output.BinaryValues.AsSpan(start, count), what);
                return;
            default:
                ByteArrayDecoders.DecodePlain(ref cursor, output.BinaryValues.AsSpan(start, count), what);
                return;
        }
    }

    /// <summary>The bytes of <paramref name="count"/> fixed-width values, with the size computed without overflow.</summary>
    private static ReadOnlySpan<byte> TakeValues(ref PageCursor cursor, int count, int width)
    {
        long size = (long)count * width;
        if (size > cursor.Remaining) throw cursor.Truncated(size, "PLAIN values");
        return cursor.Take((int)size, "PLAIN values");
    }

    private static void CopyLittleEndian<T>(ReadOnlySpan<byte> bytes, Span<T> target) where T : unmanaged
    {
        MemoryMarshal.Cast<byte, T>(bytes).CopyTo(target);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("This Parquet reader runs on little-endian machines only.");
    }

    private void DecodeDictionaryIndices(ref PageCursor cursor, ColumnData output, int start, int count)
    {
        if (_dictionary is null) throw cursor.Corrupt("a dictionary-encoded page without a dictionary page");
        if (count == 0) return;
        int bitWidth = cursor.ReadByte("dictionary index bit width");
        var indices = new int[count];
        RleBitPackedDecoder.Decode(ref cursor, bitWidth, indices, "dictionary indices");
        ColumnData dictionary = _dictionary;
        for (int i = 0; i < count; i++)
        {
            int index = indices[i];
            if ((uint)index >= (uint)_dictionaryCount)
                throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture, $"dictionary index {index} at value {i} (the dictionary holds {_dictionaryCount})"));
        }
        switch (_column.PhysicalType)
        {
            case PhysicalType.Boolean: Gather(dictionary.BooleanValues!, indices, output.BooleanValues.AsSpan(start, count)); break;
            case PhysicalType.Int32: Gather(dictionary.Int32Values!, indices, output.Int32Values.AsSpan(start, count)); break;
            case PhysicalType.Int64: Gather(dictionary.Int64Values!, indices, output.Int64Values.AsSpan(start, count)); break;
            case PhysicalType.Float: Gather(dictionary.FloatValues!, indices, output.FloatValues.AsSpan(start, count)); break;
            case PhysicalType.Double: Gather(dictionary.DoubleValues!, indices, output.DoubleValues.AsSpan(start, count)); break;
            default: Gather(dictionary.BinaryValues!, indices, output.BinaryValues.AsSpan(start, count)); break;
        }
    }

    private static void Gather<T>(T[] dictionary, int[] indices, Span<T> target)
    {
        for (int i = 0; i < indices.Length; i++) target[i] = dictionary[indices[i]];
    }

    private void DecodeByteStreamSplit(ref PageCursor cursor, ColumnData output, int start, int count)
    {
        int width = _column.PhysicalType switch
        {
            PhysicalType.Float or PhysicalType.Int32 => 4,
            PhysicalType.Double or PhysicalType.Int64 => 8,
            _ => _column.TypeLength,
        };
        if ((long)width * count != cursor.Remaining)        // check before allocating: the width comes from the file
            throw cursor.Corrupt(string.Create(CultureInfo.InvariantCulture,
                $"BYTE_STREAM_SPLIT of {count} values × {width} bytes needs {(long)width * count} bytes, the page has {cursor.Remaining}"));
        var bytes = new byte[(long)width * count];
        ByteArrayDecoders.DecodeByteStreamSplit(ref cursor, width, count, bytes, "BYTE_STREAM_SPLIT values");
        switch (_column.PhysicalType)
        {
            case PhysicalType.Float: CopyLittleEndian(bytes, output.FloatValues.AsSpan(start, count)); break;
            case PhysicalType.Double: CopyLittleEndian(bytes, output.DoubleValues.AsSpan(start, count)); break;
            case PhysicalType.Int32: CopyLittleEndian(bytes, output.Int32Values.AsSpan(start, count)); break;
            case PhysicalType.Int64: CopyLittleEndian(bytes, output.Int64Values.AsSpan(start, count)); break;
            default:
                for (int i = 0; i < count; i++) output.BinaryValues![start + i] = bytes.AsSpan(i * width, width).ToArray();
                break;
        }
    }
}
