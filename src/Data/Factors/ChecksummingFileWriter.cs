using Microsoft.Win32.SafeHandles;

namespace Data.Factors;

/// <summary>
/// A write-only stream onto an open file that keeps the CRC-32 of every byte written, for the Arrow writer to lay a factor
/// file out straight into the file: no image of the whole file in memory, and the checksum costs no second pass over a
/// copy. Small writes (the Arrow framing: magic, schema, padding, footer) are gathered into one buffer; large ones (the
/// columns) go to the file as they are.
/// </summary>
/// <remarks>Seekable in name only: the Arrow file writer asks for a seekable stream but only reads its position.</remarks>
internal sealed class ChecksummingFileWriter(SafeFileHandle file) : Stream
{
    /// <summary>Writes below this size are gathered; larger ones are written directly.</summary>
    private const int GatherLimit = 64 << 10;

    private readonly System.IO.Hashing.Crc32 _crc = new();
    private readonly byte[] _gathered = new byte[GatherLimit];
    private int _gatheredLength;
    private long _written;        // bytes in the file, not counting those gathered

    /// <summary>The CRC-32 of everything written so far.</summary>
    public uint Crc32 => _crc.GetCurrentHashAsUInt32();

    /// <inheritdoc/>
    public override bool CanRead => false;

    /// <inheritdoc/>
    public override bool CanSeek => true;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => _written + _gatheredLength;

    /// <inheritdoc/>
    public override long Position
    {
        get => Length;
        set
        {
            if (value != Length) throw new NotSupportedException("The stream writes forward only.");
        }
    }

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _crc.Append(buffer);
        if (_gatheredLength + buffer.Length <= GatherLimit)
        {
            buffer.CopyTo(_gathered.AsSpan(_gatheredLength));
            _gatheredLength += buffer.Length;
            return;
        }
        Flush();
        RandomAccess.Write(file, buffer, _written);
        _written += buffer.Length;
    }

    /// <summary>Writes what is gathered to the file.</summary>
    public override void Flush()
    {
        if (_gatheredLength == 0) return;
        RandomAccess.Write(file, _gathered.AsSpan(0, _gatheredLength), _written);
        _written += _gatheredLength;
        _gatheredLength = 0;
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) =>
        origin == SeekOrigin.Current && offset == 0 ? Length : throw new NotSupportedException("The stream writes forward only.");

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
