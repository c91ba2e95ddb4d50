using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol (the encoding of Parquet's footer and page headers) from untrusted bytes.
/// </summary>
/// <remarks>
/// <para>Grammar, as far as Parquet uses it:</para>
/// <code>
///   struct       := field* STOP(0x00)
///   field        := header value         header = (delta &lt;&lt; 4) | type; delta 0 means a zigzag-varint i16 id follows
///   i16/i32/i64  := zigzag varint        byte := 1 byte    double := 8 bytes little-endian
///   binary       := varint length, bytes
///   list/set     := (size &lt;&lt; 4) | elementType   (size 15: a varint size follows), elements
///   map          := varint size, [ (keyType &lt;&lt; 4) | valueType ], pairs
///   bool field   := the type nibble itself (1 true, 2 false); a bool list element is one byte (1 true)
/// </code>
/// <para>Every length and count is checked against the bytes left before use (an element takes at least one
/// byte, so a count above the bytes left is corrupt), nesting is limited to <see cref="MaxDepth"/>, and a
/// varint longer than its type allows is rejected: a corrupt header can neither over-allocate, nor loop, nor
/// recurse without bound.</para>
/// </remarks>
internal sealed class CompactReader
{
    /// <summary>Deepest struct/list nesting accepted; Parquet's own metadata nests about 6 deep.</summary>
    internal const int MaxDepth = 64;

    private readonly byte[] _buffer;
    private readonly int _end;
    private readonly ParquetLocation _location;
    private readonly long _fileOffset;
    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;
    private int _position;

    /// <summary>Reads <paramref name="buffer"/>[<paramref name="start"/>, <paramref name="start"/> + <paramref name="length"/>), which sits at <paramref name="fileOffset"/> in the file.</summary>
    public CompactReader(byte[] buffer, int start, int length, ParquetLocation location, long fileOffset)
    {
        _buffer = buffer;
        _position = start;
        _end = start + length;
        _location = location;
        _fileOffset = fileOffset - start;
    }

    /// <summary>Bytes consumed so far from the start given to the constructor.</summary>
    public int Position => _position;

    /// <summary>Bytes left.</summary>
    public int Remaining => _end - _position;

    /// <summary>Enters a struct: field ids restart.</summary>
    public void BeginStruct()
    {
        if (_lastFieldIds.Count >= MaxDepth) throw Corrupt($"Thrift structures nest deeper than {MaxDepth} levels");
        _lastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    /// <summary>Leaves a struct.</summary>
    public void EndStruct() => _lastFieldId = _lastFieldIds.Pop();

    /// <summary>Reads the next field header; false at the end of the struct.</summary>
    public bool ReadFieldHeader(out short fieldId, out ThriftType type)
    {
        byte header = ReadRawByte();
        type = (ThriftType)(header & 0x0F);
        if (type == ThriftType.Stop)
        {
            fieldId = 0;
            return false;
        }
        if (type > ThriftType.Struct) throw Corrupt($"unknown Thrift type code {(int)type} in a field header");
        int delta = header >> 4;
        fieldId = delta == 0 ? ReadI16() : (short)(_lastFieldId + delta);
        _lastFieldId = fieldId;
        return true;
    }

    /// <summary>A bool encoded in its field header's type nibble.</summary>
    public static bool BoolOfField(ThriftType type) => type == ThriftType.BooleanTrue;

    public sbyte ReadByte() => (sbyte)ReadRawByte();

    public short ReadI16() => (short)Zigzag(ReadVarint(3));

    public int ReadI32() => (int)Zigzag(ReadVarint(5));

    public long ReadI64() => Zigzag(ReadVarint(10));

    public double ReadDouble()
    {
        Need(8, "a double");
        double value = BinaryPrimitives.ReadDoubleLittleEndian(_buffer.AsSpan(_position, 8));
        _position += 8;
        return value;
    }

    /// <summary>A length-prefixed byte string (copied).</summary>
    public byte[] ReadBinary()
    {
        int length = ReadLength("a binary value");
        byte[] value = _buffer.AsSpan(_position, length).ToArray();
        _position += length;
        return value;
    }

    /// <summary>A length-prefixed UTF-8 string; invalid UTF-8 is replaced rather than rejected (names and metadata are informational).</summary>
    public string ReadString()
    {
        int length = ReadLength("a string");
        string value = Encoding.UTF8.GetString(_buffer, _position, length);
        _position += length;
        return value;
    }

    /// <summary>A list or set header: element type and count (checked against the bytes left).</summary>
    public (ThriftType ElementType, int Count) ReadListHeader()
    {
        byte header = ReadRawByte();
        var elementType = (ThriftType)(header & 0x0F);
        long count = header >> 4;
        if (count == 15) count = ReadVarint(5);
        if (count > Remaining)
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"a Thrift list claims {count} elements but only {Remaining} bytes remain"));
        if (elementType > ThriftType.Struct) throw Corrupt($"unknown Thrift element type code {(int)elementType}");
        return (elementType, (int)count);
    }

    /// <summary>A bool stored as a list element (one byte).</summary>
    public bool ReadListBool() => ReadRawByte() == (byte)ThriftType.BooleanTrue;

    /// <summary>Skips a value of <paramref name="type"/> (fields this reader does not use, including future ones).</summary>
    public void Skip(ThriftType type) => Skip(type, depth: 0);

    /// <summary>A corrupt-input error at the current position.</summary>
    public ParquetFormatException Corrupt(string message) =>
        new(_location with { Offset = _fileOffset + _position }, message);

    private void Skip(ThriftType type, int depth)
    {
        if (depth > MaxDepth) throw Corrupt($"Thrift values nest deeper than {MaxDepth} levels");
        switch (type)
        {
            case ThriftType.BooleanTrue or ThriftType.BooleanFalse:
                return;                                              // a field bool lives in its header
            case ThriftType.Byte:
                ReadRawByte();
                return;
            case ThriftType.I16 or ThriftType.I32 or ThriftType.I64:
                ReadVarint(10);
                return;
            case ThriftType.Double:
                Need(8, "a double");
                _position += 8;
                return;
            case ThriftType.Binary:
            {
                int length = ReadLength("a binary value");    // read first: ReadLength moves past the length prefix
                _position += length;
                return;
            }
            case ThriftType.List or ThriftType.Set:
            {
                (ThriftType elementType, int count) = ReadListHeader();
                for (int i = 0; i < count; i++)
                {
                    if (elementType is ThriftType.BooleanTrue or ThriftType.BooleanFalse) ReadRawByte();
                    else Skip(elementType, depth + 1);
                }
                return;
            }
            case ThriftType.Map:
            {
                long count = ReadVarint(5);
                if (count == 0) return;
                if (count > Remaining) throw Corrupt($"a Thrift map claims {count} entries but only {Remaining} bytes remain");
                byte types = ReadRawByte();
                var keyType = (ThriftType)(types >> 4);
                var valueType = (ThriftType)(types & 0x0F);
                for (long i = 0; i < count; i++)
                {
                    SkipElement(keyType, depth + 1);
                    SkipElement(valueType, depth + 1);
                }
                return;
            }
            case ThriftType.Struct:
                BeginStruct();
                while (ReadFieldHeader(out _, out ThriftType fieldType)) Skip(fieldType, depth + 1);
                EndStruct();
                return;
            default:
                throw Corrupt($"unknown Thrift type code {(int)type}");
        }
    }

    private void SkipElement(ThriftType type, int depth)
    {
        if (type is ThriftType.BooleanTrue or ThriftType.BooleanFalse) ReadRawByte();
        else Skip(type, depth);
    }

    private int ReadLength(string what)
    {
        long length = ReadVarint(5);
        if (length > Remaining)
            throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what} claims {length} bytes but only {Remaining} remain"));
        return (int)length;
    }

    private byte ReadRawByte()
    {
        Need(1, "a Thrift byte");
        return _buffer[_position++];
    }

    /// <summary>An unsigned LEB128 varint of at most <paramref name="maxBytes"/> bytes.</summary>
    private long ReadVarint(int maxBytes)
    {
        ulong result = 0;
        for (int shift = 0, count = 0; ; shift += 7, count++)
        {
            if (count == maxBytes) throw Corrupt($"a varint runs longer than {maxBytes} bytes");
            byte next = ReadRawByte();
            result |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0) return (long)result;
        }
    }

    private static long Zigzag(long value) => (long)((ulong)value >> 1) ^ -(value & 1);

    private void Need(int count, string what)
    {
        if (count > _end - _position)
            throw ParquetFormatException.Truncated(_location with { Offset = _fileOffset + _position }, count, _end - _position, what);
    }
}
