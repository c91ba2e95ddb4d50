namespace Data.Import;

/// <summary>
/// Splits a byte stream into lines (LF, with an optional CR before it) without decoding it, reading 1 MiB at a
/// time; a line longer than the buffer grows it. The last line may lack its LF.
/// </summary>
internal sealed class LineReader(Stream input)
{
    private byte[] _buffer = new byte[1 << 20];
    private int _start, _end;
    private bool _finished;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead { get; private set; }

    /// <summary>The next line without its line break, or false at the end. The span is valid until the next call.</summary>
    public bool Next(out ReadOnlySpan<byte> line)
    {
        while (true)
        {
            int newline = _buffer.AsSpan(_start, _end - _start).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                line = Trim(_buffer.AsSpan(_start, newline));
                _start += newline + 1;
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

    private void Fill()
    {
        int pending = _end - _start;
        if (pending == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);   // one line fills the buffer
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
