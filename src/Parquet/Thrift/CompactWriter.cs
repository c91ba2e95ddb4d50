using System.Buffers;
using System.Text;

namespace Parquet.Thrift;

/// <summary>Writes the Thrift compact protocol (grammar on <see cref="CompactReader"/>).</summary>
internal sealed class CompactWriter
{
    private readonly ArrayBufferWriter<byte> _output = new();
    private readonly Stack<short> _lastFieldIds = new();
    private short _lastFieldId;

    /// <summary>The bytes written so far.</summary>
    public byte[] ToArray() => _output.WrittenSpan.ToArray();

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    public void BeginStruct()
    {
        _lastFieldIds.Push(_lastFieldId);
        _lastFieldId = 0;
    }

    public void EndStruct()
    {
        WriteByte((byte)ThriftType.Stop);
        _lastFieldId = _lastFieldIds.Pop();
    }

    public void FieldHeader(short fieldId, ThriftType type)
    {
        int delta = fieldId - _lastFieldId;
        if (delta is > 0 and <= 15)
        {
            WriteByte((byte)((delta << 4) | (int)type));
        }
        else
        {
            WriteByte((byte)type);
            WriteVarint(ZigzagEncode(fieldId));
        }
        _lastFieldId = fieldId;
    }

    public void Bool(short fieldId, bool value) => FieldHeader(fieldId, value ? ThriftType.BooleanTrue : ThriftType.BooleanFalse);

    public void I32(short fieldId, int value)
    {
        FieldHeader(fieldId, ThriftType.I32);
        WriteVarint(ZigzagEncode(value));
    }

    public void I64(short fieldId, long value)
    {
        FieldHeader(fieldId, ThriftType.I64);
        WriteVarint(ZigzagEncode(value));
    }

    public void Binary(short fieldId, ReadOnlySpan<byte> value)
    {
        FieldHeader(fieldId, ThriftType.Binary);
        WriteVarint((ulong)value.Length);
        _output.Write(value);
    }

    public void String(short fieldId, string value) => Binary(fieldId, Encoding.UTF8.GetBytes(value));

    public void ListHeader(short fieldId, ThriftType elementType, int count)
    {
        FieldHeader(fieldId, ThriftType.List);
        if (count < 15)
        {
            WriteByte((byte)((count << 4) | (int)elementType));
        }
        else
        {
            WriteByte((byte)(0xF0 | (int)elementType));
            WriteVarint((ulong)count);
        }
    }

    /// <summary>An i32 list element (no field header).</summary>
    public void ElementI32(int value) => WriteVarint(ZigzagEncode(value));

    /// <summary>A string list element (no field header).</summary>
    public void ElementString(string value)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(value);
        WriteVarint((ulong)bytes.Length);
        _output.Write(bytes);
    }

    public void StructField(short fieldId) => FieldHeader(fieldId, ThriftType.Struct);

    /// <summary>One raw byte (an i8 value after its field header).</summary>
    public void RawByte(byte value) => WriteByte(value);

    private void WriteVarint(ulong value)
    {
        Span<byte> bytes = stackalloc byte[10];
        int count = 0;
        do
        {
            byte next = (byte)(value & 0x7F);
            value >>= 7;
            bytes[count++] = value == 0 ? next : (byte)(next | 0x80);
        }
        while (value != 0);
        _output.Write(bytes[..count]);
    }

    private static ulong ZigzagEncode(long value) => (ulong)((value << 1) ^ (value >> 63));
}
