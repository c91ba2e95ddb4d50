using System.Buffers;

namespace Data.Import;

/// <summary>
/// A run of whole input lines copied out of a <see cref="LineReader"/>, back to back and without their line breaks,
/// so a parser thread can work on it while the reader fills the next one. Line <c>i</c> is
/// <c>Bytes[LineStart(i) .. LineEnds[i])</c> and has the 1-based number <c>FirstLine + i</c> in the input.
/// </summary>
/// <remarks>The byte and offset arrays are rented from the shared pools; <see cref="Release"/> returns them.</remarks>
internal sealed class TsvChunk
{
    private readonly List<int> _tooLong = [];

    /// <summary>A chunk starting at line <paramref name="firstLine"/>, with room for the given bytes and lines (it grows past them).</summary>
    public TsvChunk(int expectedBytes, int expectedLines, long firstLine)
    {
        Bytes = ArrayPool<byte>.Shared.Rent(Math.Max(16, expectedBytes));
        LineEnds = ArrayPool<int>.Shared.Rent(Math.Max(16, expectedLines));
        FirstLine = firstLine;
    }

    /// <summary>The lines' bytes (only the first <see cref="Length"/> are used).</summary>
    public byte[] Bytes { get; private set; }

    /// <summary>Bytes used.</summary>
    public int Length { get; private set; }

    /// <summary>End offset of each line (only the first <see cref="Lines"/> are used).</summary>
    public int[] LineEnds { get; private set; }

    /// <summary>Lines held.</summary>
    public int Lines { get; private set; }

    /// <summary>The input line number of line 0.</summary>
    public long FirstLine { get; }

    /// <summary>Input bytes consumed once this chunk was complete (for progress).</summary>
    public long BytesRead { get; set; }

    /// <summary>Indices (ascending) of the lines that were longer than <see cref="RejectReasons.MaxLineBytes"/>: they hold their first bytes only.</summary>
    public IReadOnlyList<int> TooLong => _tooLong;

    /// <summary>Where line <paramref name="index"/> starts.</summary>
    public int LineStart(int index) => index == 0 ? 0 : LineEnds[index - 1];

    /// <summary>Line <paramref name="index"/>'s bytes.</summary>
    public ReadOnlySpan<byte> Line(int index) => Bytes.AsSpan(LineStart(index), LineEnds[index] - LineStart(index));

    /// <summary>Appends a line, growing the arrays (from the pool) when it does not fit.</summary>
    public void Append(ReadOnlySpan<byte> line, bool tooLong)
    {
        if (Bytes.Length - Length < line.Length)
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Max(Bytes.Length * 2, Length + line.Length));
            Bytes.AsSpan(0, Length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(Bytes);
            Bytes = larger;
        }
        line.CopyTo(Bytes.AsSpan(Length));
        Length += line.Length;
        if (Lines == LineEnds.Length)
        {
            int[] larger = ArrayPool<int>.Shared.Rent(LineEnds.Length * 2);
            LineEnds.AsSpan(0, Lines).CopyTo(larger);
            ArrayPool<int>.Shared.Return(LineEnds);
            LineEnds = larger;
        }
        if (tooLong) _tooLong.Add(Lines);
        LineEnds[Lines++] = Length;
    }

    /// <summary>Returns the rented arrays; the chunk is unusable afterwards.</summary>
    public void Release()
    {
        ArrayPool<byte>.Shared.Return(Bytes);
        ArrayPool<int>.Shared.Return(LineEnds);
        Bytes = [];
        LineEnds = [];
        Length = 0;
        Lines = 0;
    }
}
