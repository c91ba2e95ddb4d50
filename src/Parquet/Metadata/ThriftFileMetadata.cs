using Parquet.Thrift;

namespace Parquet.Metadata;

/// <summary>Thrift <c>FileMetaData</c>: the footer.</summary>
internal sealed class ThriftFileMetadata
{
    public int Version;
    public List<ThriftSchemaElement> Schema = [];
    public long NumRows;
    public List<ThriftRowGroup> RowGroups = [];
    public List<KeyValuePair<string, string?>> KeyValueMetadata = [];
    public string? CreatedBy;
    public bool Encrypted;

    /// <summary>Leaf columns to declare TYPE_ORDER for when writing (min/max statistics need a declared order).</summary>
    public int ColumnOrders;

    public static ThriftFileMetadata Read(CompactReader reader)
    {
        var metadata = new ThriftFileMetadata();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: metadata.Version = reader.ReadI32(); break;
                case 2 when type == ThriftType.List: metadata.Schema = ReadList(reader, ThriftSchemaElement.Read); break;
                case 3 when type == ThriftType.I64: metadata.NumRows = reader.ReadI64(); break;
                case 4 when type == ThriftType.List: metadata.RowGroups = ReadList(reader, ThriftRowGroup.Read); break;
                case 5 when type == ThriftType.List: metadata.KeyValueMetadata = ReadKeyValues(reader); break;
                case 6 when type == ThriftType.Binary: metadata.CreatedBy = reader.ReadString(); break;
                case 8:                                                         // encryption_algorithm: plaintext footer of an encrypted file
                    metadata.Encrypted = true;
                    reader.Skip(type);
                    break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return metadata;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32(1, Version);
        writer.ListHeader(2, ThriftType.Struct, Schema.Count);
        foreach (ThriftSchemaElement element in Schema) element.Write(writer);
        writer.I64(3, NumRows);
        writer.ListHeader(4, ThriftType.Struct, RowGroups.Count);
        foreach (ThriftRowGroup rowGroup in RowGroups) rowGroup.Write(writer);
        if (KeyValueMetadata.Count > 0) WriteKeyValues(writer, 5, KeyValueMetadata);
        if (CreatedBy is not null) writer.String(6, CreatedBy);
        if (ColumnOrders > 0)
        {
            writer.ListHeader(7, ThriftType.Struct, ColumnOrders);
            for (int i = 0; i < ColumnOrders; i++)
            {
                writer.BeginStruct();                                   // ColumnOrder union: TYPE_ORDER (field 1), an empty struct
                writer.StructField(1);
                writer.BeginStruct();
                writer.EndStruct();
                writer.EndStruct();
            }
        }
        writer.EndStruct();
    }

    /// <summary>A list of structs, each read by <paramref name="readElement"/>; other element types are corrupt.</summary>
    internal static List<T> ReadList<T>(CompactReader reader, Func<CompactReader, T> readElement)
    {
        (ThriftType elementType, int count) = reader.ReadListHeader();
        if (elementType != ThriftType.Struct && count > 0) throw reader.Corrupt($"expected a list of structs, found element type {elementType}");
        var list = new List<T>(count);
        for (int i = 0; i < count; i++) list.Add(readElement(reader));
        return list;
    }

    internal static List<KeyValuePair<string, string?>> ReadKeyValues(CompactReader reader) =>
        ReadList(reader, r =>
        {
            string key = "";
            string? value = null;
            r.BeginStruct();
            while (r.ReadFieldHeader(out short id, out ThriftType type))
            {
                if (id == 1 && type == ThriftType.Binary) key = r.ReadString();
                else if (id == 2 && type == ThriftType.Binary) value = r.ReadString();
                else r.Skip(type);
            }
            r.EndStruct();
            return new KeyValuePair<string, string?>(key, value);
        });

    internal static void WriteKeyValues(CompactWriter writer, short fieldId, List<KeyValuePair<string, string?>> pairs)
    {
        writer.ListHeader(fieldId, ThriftType.Struct, pairs.Count);
        foreach ((string key, string? value) in pairs)
        {
            writer.BeginStruct();
            writer.String(1, key);
            if (value is not null) writer.String(2, value);
            writer.EndStruct();
        }
    }
}

/// <summary>Thrift <c>RowGroup</c>.</summary>
internal sealed class ThriftRowGroup
{
    public List<ThriftColumnChunk> Columns = [];
    public long TotalByteSize;
    public long NumRows;
    public long? FileOffset;
    public long? TotalCompressedSize;

    public static ThriftRowGroup Read(CompactReader reader)
    {
        var rowGroup = new ThriftRowGroup();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.List: rowGroup.Columns = ThriftFileMetadata.ReadList(reader, ThriftColumnChunk.Read); break;
                case 2 when type == ThriftType.I64: rowGroup.TotalByteSize = reader.ReadI64(); break;
                case 3 when type == ThriftType.I64: rowGroup.NumRows = reader.ReadI64(); break;
                case 5 when type == ThriftType.I64: rowGroup.FileOffset = reader.ReadI64(); break;
                case 6 when type == ThriftType.I64: rowGroup.TotalCompressedSize = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return rowGroup;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.ListHeader(1, ThriftType.Struct, Columns.Count);
        foreach (ThriftColumnChunk column in Columns) column.Write(writer);
        writer.I64(2, TotalByteSize);
        writer.I64(3, NumRows);
        if (FileOffset is not null) writer.I64(5, FileOffset.Value);
        if (TotalCompressedSize is not null) writer.I64(6, TotalCompressedSize.Value);
        writer.EndStruct();
    }
}

/// <summary>Thrift <c>ColumnChunk</c>.</summary>
internal sealed class ThriftColumnChunk
{
    public string? FilePath;
    public long FileOffset;
    public ThriftColumnMetadata? MetaData;
    public bool Encrypted;

    public static ThriftColumnChunk Read(CompactReader reader)
    {
        var chunk = new ThriftColumnChunk();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: chunk.FilePath = reader.ReadString(); break;
                case 2 when type == ThriftType.I64: chunk.FileOffset = reader.ReadI64(); break;
                case 3 when type == ThriftType.Struct: chunk.MetaData = ThriftColumnMetadata.Read(reader); break;
                case 8 or 9:                                                     // crypto metadata / encrypted column metadata
                    chunk.Encrypted = true;
                    reader.Skip(type);
                    break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return chunk;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I64(2, FileOffset);
        writer.StructField(3);
        MetaData!.Write(writer);
        writer.EndStruct();
    }
}

/// <summary>Thrift <c>ColumnMetaData</c>.</summary>
internal sealed class ThriftColumnMetadata
{
    public PhysicalType Type;
    public List<ParquetEncoding> Encodings = [];
    public List<string> PathInSchema = [];
    public CompressionCodec Codec;
    public long NumValues;
    public long TotalUncompressedSize;
    public long TotalCompressedSize;
    public List<KeyValuePair<string, string?>> KeyValueMetadata = [];
    public long DataPageOffset;
    public long? IndexPageOffset;
    public long? DictionaryPageOffset;
    public ThriftStatistics? Statistics;

    public static ThriftColumnMetadata Read(CompactReader reader)
    {
        var metadata = new ThriftColumnMetadata();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: metadata.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == ThriftType.List:
                {
                    (ThriftType elementType, int count) = reader.ReadListHeader();
                    for (int i = 0; i < count; i++)
                    {
                        if (elementType != ThriftType.I32) { reader.Skip(elementType); continue; }
                        metadata.Encodings.Add((ParquetEncoding)reader.ReadI32());
                    }
                    break;
                }
                case 3 when type == ThriftType.List:
                {
                    (ThriftType elementType, int count) = reader.ReadListHeader();
                    for (int i = 0; i < count; i++)
                    {
                        if (elementType != ThriftType.Binary) { reader.Skip(elementType); continue; }
                        metadata.PathInSchema.Add(reader.ReadString());
                    }
                    break;
                }
                case 4 when type == ThriftType.I32: metadata.Codec = (CompressionCodec)reader.ReadI32(); break;
                case 5 when type == ThriftType.I64: metadata.NumValues = reader.ReadI64(); break;
                case 6 when type == ThriftType.I64: metadata.TotalUncompressedSize = reader.ReadI64(); break;
                case 7 when type == ThriftType.I64: metadata.TotalCompressedSize = reader.ReadI64(); break;
                case 8 when type == ThriftType.List: metadata.KeyValueMetadata = ThriftFileMetadata.ReadKeyValues(reader); break;
                case 9 when type == ThriftType.I64: metadata.DataPageOffset = reader.ReadI64(); break;
                case 10 when type == ThriftType.I64: metadata.IndexPageOffset = reader.ReadI64(); break;
                case 11 when type == ThriftType.I64: metadata.DictionaryPageOffset = reader.ReadI64(); break;
                case 12 when type == ThriftType.Struct: metadata.Statistics = ThriftStatistics.Read(reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return metadata;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32(1, (int)Type);
        writer.ListHeader(2, ThriftType.I32, Encodings.Count);
        foreach (ParquetEncoding encoding in Encodings) writer.ElementI32((int)encoding);
        writer.ListHeader(3, ThriftType.Binary, PathInSchema.Count);
        foreach (string part in PathInSchema) writer.ElementString(part);
        writer.I32(4, (int)Codec);
        writer.I64(5, NumValues);
        writer.I64(6, TotalUncompressedSize);
        writer.I64(7, TotalCompressedSize);
        if (KeyValueMetadata.Count > 0) ThriftFileMetadata.WriteKeyValues(writer, 8, KeyValueMetadata);
        writer.I64(9, DataPageOffset);
        if (DictionaryPageOffset is not null) writer.I64(11, DictionaryPageOffset.Value);
        if (Statistics is not null)
        {
            writer.StructField(12);
            Statistics.Write(writer);
        }
        writer.EndStruct();
    }
}
