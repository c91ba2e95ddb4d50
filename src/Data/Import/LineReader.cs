namespace Data.Import;

/// <summary>
/// Splits a byte stream into lines (LF, with an optional CR before it) without decoding it, reading 1 MiB at a
/// time; the last line may lack its LF. Every text input (prepare's TSV and HetRec files, fold-in's plays) reads
/// through this one type, so all of them treat a byte order mark and an overlong line the same way:
/// <list type="bullet">
/// <item>a UTF-8 BOM (EF BB BF) at the very start of the stream is skipped, so it never becomes part of the first field;</item>
/// <item>a line longer than <see cref="RejectReasons.MaxLineBytes"/> is reported once (<see cref="LastLineTooLong"/>,
/// with its first bytes as the line) and the rest of it is skipped as it streams past: memory stays bounded.</item>
/// </list>
/// </summary>
internal sealed class LineReader(Stream input)
{
    /// <summary>Bytes read per refill; larger than <see cref="RejectReasons.MaxLineBytes"/>, so a line that fits never needs a larger buffer.</summary>
    private const int BufferBytes = 1 << 20;

    /// <summary>Bytes of an overlong line kept to show in the rejects file.</summary>
    private const int PreviewBytes = 256;

    private static ReadOnlySpan<byte> ByteOrderMark => [0xEF, 0xBB, 0xBF];

    private readonly byte[] _buffer = new byte[BufferBytes];
    private readonly byte[] _preview = new byte[PreviewBytes];
    private int _start, _end;
    private bool _finished, _started;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Whether the line last returned by <see cref="Next"/> was longer than the bound (the line then holds its first bytes only).</summary>
    public bool LastLineTooLong { get; private set; }

    /// <summary>Whether the stream started with a UTF-8 byte order mark (skipped).</summary>
    public bool HadByteOrderMark { get; private set; }

    /// <summary>The next line without its line break, or false at the end. The span is valid until the next call.</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        LastLineTooLong = false;
        if (!_started) SkipByteOrderMark();
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0 && newline <= RejectReasons.MaxLineBytes)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
                return true;
            }
            if (newline > RejectReasons.MaxLineBytes || _end - _start > RejectReasons.MaxLineBytes)
            {
                line = SkipLongLine();
                return true;
            }
            if (_finished)
            {
                if (_start == _end)
                {
                    line = default;
                    return false;
                }
                line = Trim(_buffer.AsSpan(_start, _end - _start));
                _start = _end;
                return true;
            }
            Fill();
        }
    }

    /// <summary>Keeps the first bytes of the overlong line at <c>_start</c> and drops the rest up to and including its LF.</summary>
    private ReadOnlySpan<byte> SkipLongLine()
    {
        LastLineTooLong = true;
        _buffer.AsSpan(_start, PreviewBytes).CopyTo(_preview);
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                _start += newline + 1;
                return _preview;
            }
            _start = _end;                                     // drop what was read: only the preview is kept
            if (_finished) return _preview;
            Fill();
        }
    }

    private void SkipByteOrderMark()
    {
        _started = true;
        while (_end - _start < ByteOrderMark.Length && !_finished) Fill();
        if (_buffer.AsSpan(_start, _end - _start).StartsWith(ByteOrderMark))
        {
            _start += ByteOrderMark.Length;
            HadByteOrderMark = true;
        }
    }

    private void Fill()
    {
        int pending = _end - _start;
        Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
        _start = 0;
        _end = pending;
        int read = input.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0) _finished = true;
        _end += read;
        BytesRead += read;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line) => line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
