namespace Data.Import;

/// <summary>
/// A frozen copy of the MBID spellings the merge has already numbered, with the collector's artist for each, that
/// parser threads read without a lock. A spelling's artist never changes once given, so whether a parser finds it
/// here or the merge looks it up later, the row gets the same artist: the copy only moves work off the one merging
/// thread, and the result does not depend on when a copy was made.
/// </summary>
internal sealed class KnownSpellings(ByteSpanTable spellings, int[] artists)
{
    /// <summary>Spellings known to this copy.</summary>
    public int Count => spellings.Count;

    /// <summary>The collector's artist for the MBID spelled <paramref name="mbid"/> (hash from <see cref="ByteSpanTable.Hash"/>), or -1 when this copy does not know it.</summary>
    public int ArtistOf(ReadOnlySpan<byte> mbid, int hash)
    {
        int spelling = spellings.Find(mbid, hash);
        return spelling < 0 ? -1 : artists[spelling];
    }
}
