using Parquet.Thrift;

namespace Parquet.Metadata;

/// <summary>Thrift <c>PageHeader</c> with the data (v1, v2) and dictionary page headers it may carry.</summary>
internal sealed class ThriftPageHeader
{
    public PageType Type;
    public int UncompressedPageSize;
    public int CompressedPageSize;
    public int? Crc;
    // DataPageHeader (v1) and DataPageHeaderV2 share these.
    public int NumValues;
    public ParquetEncoding Encoding;
    public ParquetEncoding DefinitionLevelEncoding = ParquetEncoding.Rle;
    public ParquetEncoding RepetitionLevelEncoding = ParquetEncoding.Rle;
    // DataPageHeaderV2 only.
    public int NumNulls;
    public int NumRows;
    public int DefinitionLevelsByteLength;
    public int RepetitionLevelsByteLength;
    public bool IsCompressed = true;
    public bool HasDataHeader;
    public bool HasDictionaryHeader;

    public static ThriftPageHeader Read(CompactReader reader)
    {
        var header = new ThriftPageHeader();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: header.Type = (PageType)reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: header.UncompressedPageSize = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: header.CompressedPageSize = reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: header.Crc = reader.ReadI32(); break;
                case 5 when type == ThriftType.Struct: header.ReadDataPageHeader(reader, v2: false); break;
                case 7 when type == ThriftType.Struct: header.ReadDictionaryPageHeader(reader); break;
                case 8 when type == ThriftType.Struct: header.ReadDataPageHeader(reader, v2: true); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return header;
    }

    private void ReadDataPageHeader(CompactReader reader, bool v2)
    {
        HasDataHeader = true;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            if (!v2)
            {
                switch (id)
                {
                    case 1 when type == ThriftType.I32: NumValues = reader.ReadI32(); break;
                    case 2 when type == ThriftType.I32: Encoding = (ParquetEncoding)reader.ReadI32(); break;
                    case 3 when type == ThriftType.I32: DefinitionLevelEncoding = (ParquetEncoding)reader.ReadI32(); break;
                    case 4 when type == ThriftType.I32: RepetitionLevelEncoding = (ParquetEncoding)reader.ReadI32(); break;
                    default: reader.Skip(type); break;
                }
                continue;
            }
            switch (id)
            {
                case 1 when type == ThriftType.I32: NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: NumNulls = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: NumRows = reader.ReadI32(); break;
                case 4 when type == ThriftType.I32: Encoding = (ParquetEncoding)reader.ReadI32(); break;
                case 5 when type == ThriftType.I32: DefinitionLevelsByteLength = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: RepetitionLevelsByteLength = reader.ReadI32(); break;
                case 7 when type is ThriftType.BooleanTrue or ThriftType.BooleanFalse: IsCompressed = CompactReader.BoolOfField(type); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }

    private void ReadDictionaryPageHeader(CompactReader reader)
    {
        HasDictionaryHeader = true;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: NumValues = reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: Encoding = (ParquetEncoding)reader.ReadI32(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
    }

    /// <summary>Writes a v1 data page header or a dictionary page header.</summary>
    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        writer.I32(1, (int)Type);
        writer.I32(2, UncompressedPageSize);
        writer.I32(3, CompressedPageSize);
        if (Crc is not null) writer.I32(4, Crc.Value);
        if (Type == PageType.DictionaryPage)
        {
            writer.StructField(7);
            writer.BeginStruct();
            writer.I32(1, NumValues);
            writer.I32(2, (int)Encoding);
            writer.EndStruct();
        }
        else
        {
            writer.StructField(5);
            writer.BeginStruct();
            writer.I32(1, NumValues);
            writer.I32(2, (int)Encoding);
            writer.I32(3, (int)DefinitionLevelEncoding);
            writer.I32(4, (int)RepetitionLevelEncoding);
            writer.EndStruct();
        }
        writer.EndStruct();
    }
}
