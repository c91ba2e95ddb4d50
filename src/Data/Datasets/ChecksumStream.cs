namespace Data.Datasets;

/// <summary>A write-only stream that passes bytes to a file and keeps their CRC-32 and count, so the manifest gets each file's checksum without reading it back.</summary>
internal sealed class ChecksumStream(Stream inner) : Stream
{
    private readonly System.IO.Hashing.Crc32 _crc = new();

    public uint Crc => _crc.GetCurrentHashAsUInt32();

    public long Written { get; private set; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => Written;
    public override long Position { get => Written; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _crc.Append(buffer);
        Written += buffer.Length;
    }

    public override void Flush()
    {
        inner.Flush();
        if (inner is FileStream file) file.Flush(flushToDisk: true);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
