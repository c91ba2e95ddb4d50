using System.Buffers;

namespace Data.Import;

/// <summary>
/// One <see cref="TsvChunk"/> after parsing: its accepted rows with chunk-local user and artist numbers (in order of
/// first appearance in the chunk), the distinct users and artists behind those numbers, and its rejects in line
/// order. <see cref="TsvChunkMerger"/> turns the local numbers into the collector's.
/// </summary>
internal sealed class ParsedTsvChunk
{
    /// <summary>
    /// A chunk-local artist: by MBID (<see cref="NameKey"/> null; <see cref="MbidHash"/> from <see cref="ByteSpanTable.Hash"/>) or
    /// by normalised name; offsets into the chunk.
    /// </summary>
    internal readonly record struct LocalArtist(int MbidStart, int MbidLength, int MbidHash, int NameStart, int NameLength, string? NameKey);

    /// <summary>A dropped line: its number, reason and detail, and where its bytes are in the chunk.</summary>
    internal readonly record struct Reject(long Line, RejectReason Reason, string Detail, int Start, int Length);

    public ParsedTsvChunk(TsvChunk chunk, int rows, int[] rowUsers, int[] rowArtists, int[] rowPlays,
        int[] userStarts, int[] userLengths, LocalArtist[] artists, int artistCount, List<Reject> rejects)
    {
        Chunk = chunk;
        Rows = rows;
        RowUsers = rowUsers;
        RowArtists = rowArtists;
        RowPlays = rowPlays;
        UserStarts = userStarts;
        UserLengths = userLengths;
        Artists = artists;
        ArtistCount = artistCount;
        Rejects = rejects;
    }

    public TsvChunk Chunk { get; }

    public int Rows { get; }

    /// <summary>Chunk-local user per row (pooled array; the first <see cref="Rows"/> are used).</summary>
    public int[] RowUsers { get; }

    /// <summary>Artist per row (pooled): a chunk-local artist, or <c>~a</c> (negative) for the collector's artist <c>a</c> when the parser found it in <see cref="KnownSpellings"/>.</summary>
    public int[] RowArtists { get; }

    /// <summary>Plays per row (pooled).</summary>
    public int[] RowPlays { get; }

    /// <summary>Where each chunk-local user id's bytes start.</summary>
    public int[] UserStarts { get; }

    /// <summary>Each chunk-local user id's length in bytes.</summary>
    public int[] UserLengths { get; }

    /// <summary>The chunk-local artists (pooled; the first <see cref="ArtistCount"/> are used).</summary>
    public LocalArtist[] Artists { get; }

    /// <summary>Chunk-local artists.</summary>
    public int ArtistCount { get; }

    /// <summary>The chunk's rejects, in line order.</summary>
    public List<Reject> Rejects { get; }

    /// <summary>Returns the pooled arrays (also of the chunk).</summary>
    public void Release()
    {
        ArrayPool<int>.Shared.Return(RowUsers);
        ArrayPool<int>.Shared.Return(RowArtists);
        ArrayPool<int>.Shared.Return(RowPlays);
        ArrayPool<LocalArtist>.Shared.Return(Artists, clearArray: true);      // drop the name keys
        Chunk.Release();
    }
}
