using Parquet.Thrift;

namespace Parquet.Metadata;

/// <summary>Thrift <c>SchemaElement</c>: one node of the schema tree, flattened depth first.</summary>
internal sealed class ThriftSchemaElement
{
    public PhysicalType? Type;
    public int? TypeLength;
    public Repetition? Repetition;
    public string Name = "";
    public int? NumChildren;
    public ConvertedType? ConvertedType;
    public int? Scale;
    public int? Precision;
    public int? FieldId;
    public LogicalType? LogicalType;

    public static ThriftSchemaElement Read(CompactReader reader)
    {
        var element = new ThriftSchemaElement();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.I32: element.Type = (PhysicalType)reader.ReadI32(); break;
                case 2 when type == ThriftType.I32: element.TypeLength = reader.ReadI32(); break;
                case 3 when type == ThriftType.I32: element.Repetition = (Repetition)reader.ReadI32(); break;
                case 4 when type == ThriftType.Binary: element.Name = reader.ReadString(); break;
                case 5 when type == ThriftType.I32: element.NumChildren = reader.ReadI32(); break;
                case 6 when type == ThriftType.I32: element.ConvertedType = (ConvertedType)reader.ReadI32(); break;
                case 7 when type == ThriftType.I32: element.Scale = reader.ReadI32(); break;
                case 8 when type == ThriftType.I32: element.Precision = reader.ReadI32(); break;
                case 9 when type == ThriftType.I32: element.FieldId = reader.ReadI32(); break;
                case 10 when type == ThriftType.Struct: element.LogicalType = LogicalType.Read(reader); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return element;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        if (Type is not null) writer.I32(1, (int)Type);
        if (TypeLength is not null) writer.I32(2, TypeLength.Value);
        if (Repetition is not null) writer.I32(3, (int)Repetition);
        writer.String(4, Name);
        if (NumChildren is not null) writer.I32(5, NumChildren.Value);
        if (ConvertedType is not null) writer.I32(6, (int)ConvertedType);
        if (Scale is not null) writer.I32(7, Scale.Value);
        if (Precision is not null) writer.I32(8, Precision.Value);
        if (LogicalType is not null)
        {
            writer.StructField(10);
            LogicalType.Write(writer);
        }
        writer.EndStruct();
    }
}
