using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Data.Factors;

/// <summary>
/// A write-only stream onto an open file that keeps the CRC-32 of every byte written, for the Arrow writer to lay a factor
/// file out straight into the file: no image of the whole file in memory, and the checksum costs no second pass over a
/// copy. Small writes (the Arrow framing: magic, schema, padding, footer) are gathered into one buffer; large ones (the
/// columns) go to the file as they are. A buffer whose CRC-32 the caller has already taken (<paramref name="known"/>, the
/// factor values) is not read a second time: its CRC is combined into the file's.
/// </summary>
/// <remarks>Seekable in name only: the Arrow file writer asks for a seekable stream but only reads its position.</remarks>
internal sealed class ChecksummingFileWriter(SafeFileHandle file, (ReadOnlyMemory<byte> Bytes, uint Crc32)? known = null) : Stream
{
    /// <summary>Writes below this size are gathered; larger ones are written directly.</summary>
    private const int GatherLimit = 64 << 10;

    private readonly System.IO.Hashing.Crc32 _crc = new();   // of the bytes since the last known buffer
    private long _crcLength;                                   // how many bytes that is
    private uint _crcBefore;                                   // of every byte before them
    private readonly byte[] _gathered = new byte[GatherLimit];
    private int _gatheredLength;
    private long _written;        // bytes in the file, not counting those gathered

    /// <summary>The CRC-32 of everything written so far.</summary>
    public uint Crc32 => Checksums.Crc32.Combine(_crcBefore, _crc.GetCurrentHashAsUInt32(), _crcLength);

    /// <summary>Writes of the known buffer whose CRC-32 was combined rather than computed (tests check the shortcut is taken).</summary>
    internal int KnownWrites { get; private set; }

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
        if (known is { } k && buffer.Length == k.Bytes.Length && buffer.Length > 0
            && Unsafe.AreSame(ref MemoryMarshal.GetReference(buffer), ref MemoryMarshal.GetReference(k.Bytes.Span)))
        {
            _crcBefore = Checksums.Crc32.Combine(Checksums.Crc32.Combine(_crcBefore, _crc.GetCurrentHashAsUInt32(), _crcLength), k.Crc32, buffer.Length);
            _crc.Reset();
            _crcLength = 0;
            KnownWrites++;
        }
        else
        {
            _crc.Append(buffer);
            _crcLength += buffer.Length;
        }
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
