namespace Data.Files;

/// <summary>
/// Walks one struct in the Thrift compact protocol (the encoding of Parquet's footer and page headers) without building
/// it, checking that every string, list, set and map claims no more than the bytes that remain, and that nesting
/// stays shallow. Parquet.Net sizes its lists and buffers from these counts before reading the elements, so a
/// damaged count in a few bytes would make it allocate gigabytes; after this walk every count is bounded by the
/// input's length. Integer and boolean (as 1 or 0) fields can be reported to a callback with their field id and the id of the struct they
/// are in.
/// </summary>
internal static class ThriftBounds
{
    /// <summary>Deepest nesting of structs and containers accepted; Parquet's deepest (footer → row group → column chunk → metadata → statistics) is 6.</summary>
    private const int MaxDepth = 32;

    private const byte Stop = 0, BooleanTrue = 1, BooleanFalse = 2, Byte = 3, I16 = 4, I32 = 5, I64 = 6, Double = 7, Binary = 8,
        List = 9, Set = 10, Map = 11, Struct = 12;

    /// <summary>An integer field met during the walk: the enclosing field's id (0 at the top), the field's id, its value.</summary>
    public delegate void IntegerField(short parent, short field, long value);

    /// <summary>Walks the struct at the start of <paramref name="data"/>; returns its length in bytes.</summary>
    /// <exception cref="InvalidDataException">A length or count exceeds what remains, a type is unknown, or nesting is too deep (the message says which and where).</exception>
    public static int Walk(ReadOnlySpan<byte> data, IntegerField? integers = null)
    {
        int position = 0;
        WalkStruct(data, ref position, 0, 0, integers);
        return position;
    }

    private static void WalkStruct(ReadOnlySpan<byte> data, ref int position, int depth, short parent, IntegerField? integers)
    {
        if (depth > MaxDepth) throw Bad(position, $"nesting deeper than {MaxDepth}");
        short field = 0;
        while (true)
        {
            byte header = ReadByte(data, ref position);
            byte type = (byte)(header & 0x0F);
            if (type == Stop) return;
            int delta = header >> 4;
            field = delta != 0 ? (short)(field + delta) : (short)ZigZag(ReadVarint(data, ref position));
            WalkValue(data, ref position, type, depth, parent, field, integers);
        }
    }

    private static void WalkValue(ReadOnlySpan<byte> data, ref int position, byte type, int depth, short parent, short field, IntegerField? integers)
    {
        switch (type)
        {
            case BooleanTrue or BooleanFalse:
                integers?.Invoke(parent, field, type == BooleanTrue ? 1 : 0);
                return;
            case Byte:
                ReadByte(data, ref position);
                return;
            case I16 or I32 or I64:
            {
                long value = ZigZag(ReadVarint(data, ref position));
                integers?.Invoke(parent, field, value);
                return;
            }
            case Double:
                Skip(data, ref position, 8);
                return;
            case Binary:
                Skip(data, ref position, Length(data, ref position));
                return;
            case List or Set:
            {
                byte header = ReadByte(data, ref position);
                long count = header >> 4;
                if (count == 15) count = Length(data, ref position);
                CheckCount(data, position, count);
                byte element = (byte)(header & 0x0F);
                for (long i = 0; i < count; i++)
                {
                    if (element is BooleanTrue or BooleanFalse) ReadByte(data, ref position);   // in a list, a bool takes a byte
                    else WalkValue(data, ref position, element, depth + 1, field, 0, integers);
                }
                return;
            }
            case Map:
            {
                long count = Length(data, ref position);
                if (count == 0) return;
                CheckCount(data, position, count);
                byte types = ReadByte(data, ref position);
                for (long i = 0; i < count; i++)
                {
                    WalkValue(data, ref position, (byte)(types >> 4), depth + 1, field, 0, integers);
                    WalkValue(data, ref position, (byte)(types & 0x0F), depth + 1, field, 0, integers);
                }
                return;
            }
            case Struct:
                WalkStruct(data, ref position, depth + 1, field, integers);
                return;
            default:
                throw Bad(position, $"unknown Thrift type {type}");
        }
    }

    /// <summary>Every element takes at least one byte, so a count above the bytes left is damaged.</summary>
    private static void CheckCount(ReadOnlySpan<byte> data, int position, long count)
    {
        if (count < 0 || count > data.Length - position) throw Bad(position, $"a container claims {count} elements with {data.Length - position} bytes left");
    }

    private static int Length(ReadOnlySpan<byte> data, ref int position)
    {
        ulong length = ReadVarint(data, ref position);
        if (length > (ulong)(data.Length - position)) throw Bad(position, $"a length of {length} with {data.Length - position} bytes left");
        return (int)length;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int position, int count)
    {
        if (count > data.Length - position) throw Bad(position, $"{count} bytes needed, {data.Length - position} left");
        position += count;
    }

    private static byte ReadByte(ReadOnlySpan<byte> data, ref int position)
    {
        if (position >= data.Length) throw Bad(position, "the structure ends early");
        return data[position++];
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            byte next = ReadByte(data, ref position);
            value |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0) return value;
        }
        throw Bad(position, "a varint longer than 10 bytes");
    }

    private static long ZigZag(ulong value) => (long)(value >> 1) ^ -(long)(value & 1);

    private static InvalidDataException Bad(int position, string problem) => new($"Thrift at byte {position}: {problem}");
}
