namespace Data.Import;

/// <summary>
/// Gathers imported rows as three integer columns (user index, item index, plays), assigning indices to user
/// ids and artist keys in order of first appearance. Only the distinct ids are held as strings, never the rows.
/// </summary>
public sealed class InteractionCollector
{
    private readonly Dictionary<string, int> _users = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _artists = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _userLookup;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _artistLookup;
    private readonly List<string> _userIds = [];
    private readonly List<string?> _artistMbids = [];
    private readonly List<string> _artistNames = [];
    private int[] _user, _item, _plays;
    private bool _released;

    /// <summary>A collector expecting about <paramref name="expectedRows"/> rows (it grows past that).</summary>
    public InteractionCollector(long expectedRows = 1 << 16)
    {
        int capacity = (int)Math.Clamp(expectedRows, 1 << 10, Array.MaxLength);
        _user = new int[capacity];
        _item = new int[capacity];
        _plays = new int[capacity];
        _userLookup = _users.GetAlternateLookup<ReadOnlySpan<char>>();
        _artistLookup = _artists.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Rows added.</summary>
    public int Count { get; private set; }

    /// <summary>Distinct artists identified by MBID.</summary>
    public int ArtistsByMbid { get; private set; }

    /// <summary>Distinct artists identified by normalised name.</summary>
    public int ArtistsByName { get; private set; }

    /// <summary>Distinct artists identified by an id column (HetRec and Parquet inputs).</summary>
    public int ArtistsById { get; private set; }

    /// <summary>User ids by index.</summary>
    public IReadOnlyList<string> UserIds => _userIds;

    /// <summary>Artist MBIDs by index (null when the artist has none).</summary>
    public IReadOnlyList<string?> ArtistMbids => _artistMbids;

    /// <summary>Artist display names by index (the first spelling seen).</summary>
    public IReadOnlyList<string> ArtistNames => _artistNames;

    /// <summary>User index per row.</summary>
    public ReadOnlySpan<int> Users => _user.AsSpan(0, Count);

    /// <summary>Item index per row.</summary>
    public ReadOnlySpan<int> Items => _item.AsSpan(0, Count);

    /// <summary>Plays per row.</summary>
    public ReadOnlySpan<int> Plays => _plays.AsSpan(0, Count);

    /// <summary>The index of user <paramref name="id"/>, adding it if new.</summary>
    public int User(ReadOnlySpan<char> id)
    {
        if (_userLookup.TryGetValue(id, out int index)) return index;
        string text = id.ToString();
        index = _userIds.Count;
        _users.Add(text, index);
        _userIds.Add(text);
        return index;
    }

    /// <summary>The index of the artist with MBID <paramref name="mbid"/>, adding it (named <paramref name="name"/>) if new.</summary>
    public int ArtistByMbid(ReadOnlySpan<char> mbid, ReadOnlySpan<char> name)
    {
        if (_artistLookup.TryGetValue(mbid, out int index)) return index;
        string key = ArtistKey.FromMbid(mbid);                          // MBIDs are lowercase in the file; fold in case they are not
        if (_artists.TryGetValue(key, out index)) return index;
        ArtistsByMbid++;
        return AddArtist(key, key, name.Trim().ToString());
    }

    /// <summary>The index of the artist whose normalised name key is <paramref name="key"/>, adding it if new.</summary>
    public int ArtistByName(string key, ReadOnlySpan<char> name)
    {
        if (_artists.TryGetValue(key, out int index)) return index;
        ArtistsByName++;
        return AddArtist(key, null, name.Trim().ToString());
    }

    /// <summary>The index of the artist with source id <paramref name="id"/> (HetRec, Parquet), adding it if new.</summary>
    public int ArtistById(string id, string name)
    {
        string key = "id:" + id;
        if (_artists.TryGetValue(key, out int index)) return index;
        ArtistsById++;
        return AddArtist(key, null, name);
    }

    /// <summary>
    /// Drops the three row columns once they have been turned into a matrix (the ids stay): on the 360K data that
    /// frees ~350 MB before the blocks are written, where the peak memory of <c>prepare</c> would otherwise be.
    /// <see cref="Count"/> is 0 afterwards and <see cref="Add"/> throws.
    /// </summary>
    public void ReleaseRows()
    {
        _user = _item = _plays = [];
        Count = 0;
        _released = true;
    }

    /// <summary>Adds one row.</summary>
    /// <exception cref="InvalidOperationException">The rows were released, or the collector holds the most rows an array can.</exception>
    public void Add(int user, int item, int plays)
    {
        if (Count == _user.Length)
        {
            if (_released) throw new InvalidOperationException("The collector's rows were released; it takes no more rows.");
            int capacity = (int)Math.Min(Array.MaxLength, _user.Length + (long)_user.Length / 2);
            if (capacity == Count) throw new InvalidOperationException($"More than {Count} rows: one dataset holds at most {Array.MaxLength}.");
            Array.Resize(ref _user, capacity);
            Array.Resize(ref _item, capacity);
            Array.Resize(ref _plays, capacity);
        }
        _user[Count] = user;
        _item[Count] = item;
        _plays[Count] = plays;
        Count++;
    }

    private int AddArtist(string key, string? mbid, string name)
    {
        int index = _artistNames.Count;
        _artists.Add(key, index);
        _artistMbids.Add(mbid);
        _artistNames.Add(name);
        return index;
    }
}
