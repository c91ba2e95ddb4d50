using System.Buffers.Binary;
using System.Globalization;

namespace Parquet.Encodings;

/// <summary>
/// Reads one page's bytes front to back, checking every length against what remains; errors carry the
/// location and the file offset of the failing read.
/// </summary>
internal ref struct PageCursor
{
    private readonly ReadOnlySpan<byte> _buffer;
    private readonly ParquetLocation _location;
    private int _position;

    /// <summary>A cursor over <paramref name="buffer"/> (whose first byte belongs to <paramref name="location"/>).</summary>
    public PageCursor(ReadOnlySpan<byte> buffer, ParquetLocation location)
    {
        _buffer = buffer;
        _location = location;
        _position = 0;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly ParquetLocation Location => _location;

    /// <summary>The next <paramref name="count"/> bytes.</summary>
    public ReadOnlySpan<byte> Take(int count, string what)
    {
        if ((uint)count > (uint)Remaining) throw Truncated(count, what);
        _position += count;
        return _buffer.Slice(_position - count, count);
    }

    /// <summary>Everything left.</summary>
    public ReadOnlySpan<byte> Rest()
    {
        ReadOnlySpan<byte> rest = _buffer[_position..];
        _position = _buffer.Length;
        return rest;
    }

    public byte ReadByte(string what) => Take(1, what)[0];

    public int ReadInt32(string what) => BinaryPrimitives.ReadInt32LittleEndian(Take(4, what));

    /// <summary>An unsigned LEB128 varint of at most 10 bytes.</summary>
    public ulong ReadVarint(string what)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte next = ReadByte(what);
            result |= (ulong)(next & 0x7F) << shift;
            if ((next & 0x80) == 0) return result;
        }
        throw Corrupt($"{what}: a varint runs longer than 10 bytes");
    }

    /// <summary>A zigzag-encoded signed varint.</summary>
    public long ReadZigzag(string what)
    {
        ulong value = ReadVarint(what);
        return (long)(value >> 1) ^ -(long)(value & 1);
    }

    /// <summary>A non-negative varint that fits an <see cref="int"/>.</summary>
    public int ReadCount(string what)
    {
        ulong value = ReadVarint(what);
        if (value > int.MaxValue) throw Corrupt(string.Create(CultureInfo.InvariantCulture, $"{what} is {value}, beyond any page"));
        return (int)value;
    }

    public readonly ParquetFormatException Corrupt(string message) => new(_location, message + Here);

    public readonly ParquetFormatException Truncated(long needed, string what) =>
        new(_location, string.Create(CultureInfo.InvariantCulture, $"{what} needs {needed} bytes but only {Remaining} remain in the page") + Here);

    private readonly string Here => string.Create(CultureInfo.InvariantCulture, $" (at byte {_position} of the page's {_buffer.Length})");
}
