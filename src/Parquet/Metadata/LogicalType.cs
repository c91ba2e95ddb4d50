using Parquet.Thrift;

namespace Parquet.Metadata;

/// <summary>A column's logical type with its parameters.</summary>
/// <param name="Kind">Which logical type.</param>
/// <param name="Scale">Decimal scale.</param>
/// <param name="Precision">Decimal precision.</param>
/// <param name="Unit">Time or timestamp unit.</param>
/// <param name="IsAdjustedToUtc">Whether a time or timestamp is an instant (UTC) or local.</param>
/// <param name="BitWidth">Integer width: 8, 16, 32 or 64.</param>
/// <param name="IsSigned">Whether an integer is signed.</param>
public sealed record LogicalType(LogicalTypeKind Kind, int Scale = 0, int Precision = 0, TimeUnit Unit = TimeUnit.Micros,
    bool IsAdjustedToUtc = false, int BitWidth = 0, bool IsSigned = true)
{
    /// <summary>The STRING logical type.</summary>
    public static LogicalType String { get; } = new(LogicalTypeKind.String);

    /// <summary>Reads the LogicalType union.</summary>
    internal static LogicalType Read(CompactReader reader)
    {
        LogicalType result = new(LogicalTypeKind.Other);
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            if (type != ThriftType.Struct)
            {
                reader.Skip(type);
                continue;
            }
            result = id switch
            {
                1 => Empty(reader, LogicalTypeKind.String),
                2 => Empty(reader, LogicalTypeKind.Map),
                3 => Empty(reader, LogicalTypeKind.List),
                4 => Empty(reader, LogicalTypeKind.Enum),
                5 => ReadDecimal(reader),
                6 => Empty(reader, LogicalTypeKind.Date),
                7 => ReadTime(reader, LogicalTypeKind.Time),
                8 => ReadTime(reader, LogicalTypeKind.Timestamp),
                10 => ReadInteger(reader),
                11 => Empty(reader, LogicalTypeKind.Null),
                12 => Empty(reader, LogicalTypeKind.Json),
                13 => Empty(reader, LogicalTypeKind.Bson),
                14 => Empty(reader, LogicalTypeKind.Uuid),
                15 => Empty(reader, LogicalTypeKind.Float16),
                _ => Empty(reader, LogicalTypeKind.Other),
            };
        }
        reader.EndStruct();
        return result;
    }

    /// <summary>Writes the LogicalType union (the kinds our writer produces).</summary>
    internal void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        switch (Kind)
        {
            case LogicalTypeKind.String: EmptyStruct(writer, 1); break;
            case LogicalTypeKind.Enum: EmptyStruct(writer, 4); break;
            case LogicalTypeKind.Decimal:
                writer.StructField(5);
                writer.BeginStruct();
                writer.I32(1, Scale);
                writer.I32(2, Precision);
                writer.EndStruct();
                break;
            case LogicalTypeKind.Date: EmptyStruct(writer, 6); break;
            case LogicalTypeKind.Timestamp or LogicalTypeKind.Time:
                writer.StructField(Kind == LogicalTypeKind.Time ? (short)7 : (short)8);
                writer.BeginStruct();
                writer.Bool(1, IsAdjustedToUtc);
                writer.StructField(2);
                writer.BeginStruct();
                EmptyStruct(writer, Unit switch { TimeUnit.Millis => 1, TimeUnit.Micros => 2, _ => 3 });
                writer.EndStruct();
                writer.EndStruct();
                break;
            case LogicalTypeKind.Integer:
                writer.StructField(10);
                writer.BeginStruct();
                writer.FieldHeader(1, ThriftType.Byte);
                writer.RawByte((byte)BitWidth);
                writer.Bool(2, IsSigned);
                writer.EndStruct();
                break;
            case LogicalTypeKind.Json: EmptyStruct(writer, 12); break;
            case LogicalTypeKind.Uuid: EmptyStruct(writer, 14); break;
            default:
                throw new InvalidOperationException($"The writer does not produce logical type {Kind}.");
        }
        writer.EndStruct();
    }

    private static void EmptyStruct(CompactWriter writer, short id)
    {
        writer.StructField(id);
        writer.BeginStruct();
        writer.EndStruct();
    }

    private static LogicalType Empty(CompactReader reader, LogicalTypeKind kind)
    {
        reader.Skip(ThriftType.Struct);
        return new LogicalType(kind);
    }

    private static LogicalType ReadDecimal(CompactReader reader)
    {
        int scale = 0, precision = 0;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            if (id == 1 && type == ThriftType.I32) scale = reader.ReadI32();
            else if (id == 2 && type == ThriftType.I32) precision = reader.ReadI32();
            else reader.Skip(type);
        }
        reader.EndStruct();
        return new LogicalType(LogicalTypeKind.Decimal, Scale: scale, Precision: precision);
    }

    private static LogicalType ReadTime(CompactReader reader, LogicalTypeKind kind)
    {
        bool adjusted = false;
        TimeUnit unit = TimeUnit.Micros;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            if (id == 1 && type is ThriftType.BooleanTrue or ThriftType.BooleanFalse)
            {
                adjusted = CompactReader.BoolOfField(type);
            }
            else if (id == 2 && type == ThriftType.Struct)
            {
                reader.BeginStruct();
                while (reader.ReadFieldHeader(out short unitId, out ThriftType unitType))
                {
                    if (unitType == ThriftType.Struct) unit = unitId switch { 1 => TimeUnit.Millis, 2 => TimeUnit.Micros, _ => TimeUnit.Nanos };
                    reader.Skip(unitType);
                }
                reader.EndStruct();
            }
            else
            {
                reader.Skip(type);
            }
        }
        reader.EndStruct();
        return new LogicalType(kind, Unit: unit, IsAdjustedToUtc: adjusted);
    }

    private static LogicalType ReadInteger(CompactReader reader)
    {
        int width = 0;
        bool signed = true;
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            if (id == 1 && type == ThriftType.Byte) width = reader.ReadByte();
            else if (id == 2 && type is ThriftType.BooleanTrue or ThriftType.BooleanFalse) signed = CompactReader.BoolOfField(type);
            else reader.Skip(type);
        }
        reader.EndStruct();
        return new LogicalType(LogicalTypeKind.Integer, BitWidth: width, IsSigned: signed);
    }
}
