namespace Data.Import;

/// <summary>
/// Cuts a text stream into <see cref="TsvChunk"/>s of whole lines, about <c>chunkBytes</c> each, through the one
/// shared <see cref="LineReader"/>: a byte order mark, CR LF endings and overlong lines are handled exactly as for a
/// sequential read, wherever a chunk begins or ends, and the line numbers run on from chunk to chunk.
/// </summary>
internal sealed class TsvChunkReader(Stream input, int chunkBytes)
{
    /// <summary>Room for the first chunk's bytes and lines: small, so a tiny input rents little; later chunks start with the size the one before reached.</summary>
    private const int FirstChunkBytes = 1 << 16, FirstChunkLines = 1 << 10;

    private readonly LineReader _lines = new(input);
    private readonly int _chunkBytes = chunkBytes > 0 ? chunkBytes : throw new ArgumentOutOfRangeException(nameof(chunkBytes), chunkBytes, "A chunk holds at least one byte.");
    private long _nextLine = 1;
    private int _expectedBytes = FirstChunkBytes, _expectedLines = FirstChunkLines;

    /// <summary>Bytes consumed from the stream so far.</summary>
    public long BytesRead => _lines.BytesRead;

    /// <summary>The next chunk, or null at the end of the stream.</summary>
    /// <remarks>
    /// A line is appended while the chunk holds fewer than <c>chunkBytes</c> bytes (and lines), and a line is at most
    /// <see cref="RejectReasons.MaxLineBytes"/> long, so a chunk never holds more than their sum.
    /// </remarks>
    public TsvChunk? Next()
    {
        TsvChunk? chunk = null;
        while (chunk is null || (chunk.Length < _chunkBytes && chunk.Lines < _chunkBytes))   // empty lines count too: every line took a byte of input
        {
            if (!_lines.Next(out ReadOnlySpan<byte> line)) break;
            chunk ??= new TsvChunk(_expectedBytes, _expectedLines, _nextLine);
            chunk.Append(line, _lines.LastLineTooLong);
        }
        if (chunk is null) return null;
        _nextLine += chunk.Lines;
        _expectedBytes = Math.Max(_expectedBytes, chunk.Length);
        _expectedLines = Math.Max(_expectedLines, chunk.Lines);
        chunk.BytesRead = _lines.BytesRead;
        return chunk;
    }
}
