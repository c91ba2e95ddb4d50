namespace Data.Import;

/// <summary>
/// Merges <see cref="ParsedTsvChunk"/>s, in input order, into the collector and the rejects file: writes each chunk's
/// rejects, gives its chunk-local users and artists their global numbers (new ones in order of first appearance, as
/// one sequential pass over the file would), and adds its rows. A raw MBID spelling seen before is found by its
/// bytes and the hash the parser computed, without decoding it again.
/// </summary>
internal sealed class TsvChunkMerger(InteractionCollector collector, RejectWriter rejects)
{
    /// <summary>A new <see cref="Known"/> copy is made once the spellings have grown by this factor (and <see cref="MinimumGrowth"/>) since the last: the copies cost a few times the final table in all.</summary>
    private const double CopyGrowth = 1.25;

    /// <summary>Fewest new spellings worth a new copy.</summary>
    private const int MinimumGrowth = 1024;


    private readonly ByteSpanTable _mbids = new();
    private readonly List<int> _mbidArtists = [];            // raw MBID spelling → the collector's artist
    private char[] _chars = new char[1024];
    private int[] _users = new int[1024], _artists = new int[1024];

    private volatile KnownSpellings? _known;

    /// <summary>The spellings numbered so far, for parser threads to resolve artists themselves (null before the first copy).</summary>
    public KnownSpellings? Known => _known;

    /// <summary>Merges <paramref name="parsed"/>; the caller then releases it.</summary>
    public void Merge(ParsedTsvChunk parsed)
    {
        byte[] bytes = parsed.Chunk.Bytes;
        foreach (ParsedTsvChunk.Reject reject in parsed.Rejects)
            rejects.Reject(reject.Line, reject.Reason, reject.Detail, bytes.AsSpan(reject.Start, reject.Length));
        if (_users.Length < parsed.UserStarts.Length) _users = new int[parsed.UserStarts.Length * 2];
        if (_artists.Length < parsed.ArtistCount) _artists = new int[parsed.ArtistCount * 2];
        for (int user = 0; user < parsed.UserStarts.Length; user++)
            _users[user] = collector.User(TsvChunkParser.Decode(bytes.AsSpan(parsed.UserStarts[user], parsed.UserLengths[user]), ref _chars));
        for (int artist = 0; artist < parsed.ArtistCount; artist++)
        {
            ParsedTsvChunk.LocalArtist local = parsed.Artists[artist];
            ReadOnlySpan<byte> name = bytes.AsSpan(local.NameStart, local.NameLength);
            if (local.NameKey is not null)
            {
                _artists[artist] = collector.ArtistByName(local.NameKey, TsvChunkParser.Decode(name, ref _chars));
                continue;
            }
            ReadOnlySpan<byte> mbid = bytes.AsSpan(local.MbidStart, local.MbidLength);
            int spelling = _mbids.GetOrAdd(mbid, local.MbidHash, out bool added);
            if (added)
                _mbidArtists.Add(collector.ArtistByMbid(TsvChunkParser.Decode(mbid, ref _chars), TsvChunkParser.Decode(name, ref _chars, offset: mbid.Length)));
            _artists[artist] = _mbidArtists[spelling];
        }
        int[] rowUsers = parsed.RowUsers, rowArtists = parsed.RowArtists, rowPlays = parsed.RowPlays;
        for (int row = 0; row < parsed.Rows; row++)
        {
            int artist = rowArtists[row];
            collector.Add(_users[rowUsers[row]], artist < 0 ? ~artist : _artists[artist], rowPlays[row]);   // negative: resolved by the parser
        }
        int known = _known?.Count ?? 0;
        if (_mbids.Count >= Math.Max(known * CopyGrowth, known + MinimumGrowth)) _known = new KnownSpellings(_mbids.Copy(), [.. _mbidArtists]);
    }
}
