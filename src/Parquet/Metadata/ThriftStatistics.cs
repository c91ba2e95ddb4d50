using Parquet.Thrift;

namespace Parquet.Metadata;

/// <summary>Thrift <c>Statistics</c>: min/max in PLAIN encoding (byte arrays without length), null and NaN counts.</summary>
internal sealed class ThriftStatistics
{
    public byte[]? Max;
    public byte[]? Min;
    public long? NullCount;
    public long? DistinctCount;
    public byte[]? MaxValue;
    public byte[]? MinValue;
    public long? NanCount;

    public static ThriftStatistics Read(CompactReader reader)
    {
        var statistics = new ThriftStatistics();
        reader.BeginStruct();
        while (reader.ReadFieldHeader(out short id, out ThriftType type))
        {
            switch (id)
            {
                case 1 when type == ThriftType.Binary: statistics.Max = reader.ReadBinary(); break;
                case 2 when type == ThriftType.Binary: statistics.Min = reader.ReadBinary(); break;
                case 3 when type == ThriftType.I64: statistics.NullCount = reader.ReadI64(); break;
                case 4 when type == ThriftType.I64: statistics.DistinctCount = reader.ReadI64(); break;
                case 5 when type == ThriftType.Binary: statistics.MaxValue = reader.ReadBinary(); break;
                case 6 when type == ThriftType.Binary: statistics.MinValue = reader.ReadBinary(); break;
                case 9 when type == ThriftType.I64: statistics.NanCount = reader.ReadI64(); break;
                default: reader.Skip(type); break;
            }
        }
        reader.EndStruct();
        return statistics;
    }

    public void Write(CompactWriter writer)
    {
        writer.BeginStruct();
        if (NullCount is not null) writer.I64(3, NullCount.Value);
        if (MaxValue is not null) writer.Binary(5, MaxValue);
        if (MinValue is not null) writer.Binary(6, MinValue);
        if (NanCount is not null) writer.I64(9, NanCount.Value);
        writer.EndStruct();
    }
}
