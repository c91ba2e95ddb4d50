using System.Globalization;
using Data.Import;

namespace Data.Models;

/// <summary>
/// Finds users and artists of a saved model by what a person types: a user's id (the dataset's user_sha1) or row
/// index; an artist's MBID or name (compared after the import's normalisation: NFKC, lowercase, trimmed, white
/// space collapsed). For a name that matches nothing it suggests the closest names.
/// </summary>
public sealed class ModelLookup
{
    /// <summary>Suggestions offered for an unknown artist name.</summary>
    public const int SuggestionCount = 5;

    private readonly Dictionary<string, int> _users;
    private readonly Dictionary<string, List<int>> _artistsByName;
    private readonly Dictionary<string, int> _artistsByMbid;
    private readonly List<(string Name, int Item)> _distinctNames = [];
    private readonly Lazy<int[]> _usersById;
    private readonly Lazy<(string Name, int Item)[]> _namesSorted;

    /// <summary>Indexes the id maps of <paramref name="model"/>.</summary>
    public ModelLookup(SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Model = model;
        _users = new Dictionary<string, int>(model.UserIds.Length, StringComparer.Ordinal);
        for (int user = 0; user < model.UserIds.Length; user++) _users.TryAdd(model.UserIds[user], user);
        _artistsByMbid = new Dictionary<string, int>(StringComparer.Ordinal);
        _artistsByName = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (int item = 0; item < model.ArtistNames.Length; item++)
        {
            if (model.ArtistMbids[item] is { Length: > 0 } mbid) _artistsByMbid.TryAdd(ArtistKey.FromMbid(mbid), item);
            string name = ArtistKey.NormalizeName(model.ArtistNames[item]);
            if (!_artistsByName.TryGetValue(name, out List<int>? items))
            {
                _artistsByName[name] = items = [];
                _distinctNames.Add((name, item));                      // suggestions name each spelling once
            }
            items.Add(item);
        }
        // Sorted views for prefix search, built on first search: a command that only looks up one id never pays for them.
        _usersById = new(() =>
        {
            int[] order = [.. Enumerable.Range(0, model.UserIds.Length)];
            Array.Sort(order, (a, b) => string.CompareOrdinal(model.UserIds[a], model.UserIds[b]) is var c && c != 0 ? c : a.CompareTo(b));
            return order;
        });
        _namesSorted = new(() =>
        {
            (string Name, int Item)[] names = [.. _distinctNames];
            Array.Sort(names, (a, b) => string.CompareOrdinal(a.Name, b.Name) is var c && c != 0 ? c : a.Item.CompareTo(b.Item));
            return names;
        });
    }

    /// <summary>The model looked in.</summary>
    public SavedModel Model { get; }

    /// <summary>
    /// The user whose id is <paramref name="text"/>, else the user at index <paramref name="text"/>; null when neither.
    /// Ids win over indices because some datasets (HetRec) use small integers as user ids.
    /// </summary>
    public int? FindUser(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string trimmed = text.Trim();
        if (_users.TryGetValue(trimmed, out int user)) return user;
        if (int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < Model.UserIds.Length) return index;
        return null;
    }

    /// <summary>
    /// The artists <paramref name="text"/> names: the artist with that MBID, else every artist with that normalised
    /// name (several when distinct MBIDs share a name), in index order; empty when none.
    /// </summary>
    public IReadOnlyList<int> FindArtists(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (_artistsByMbid.TryGetValue(ArtistKey.FromMbid(text), out int item)) return [item];
        return _artistsByName.TryGetValue(ArtistKey.NormalizeName(text), out List<int>? items) ? items : [];
    }

    /// <summary>
    /// The one artist <paramref name="text"/> names (an MBID, or a name only one artist has); null when none.
    /// </summary>
    /// <exception cref="AmbiguousArtistException">Several artists share the name: the message lists them with their MBIDs.</exception>
    public int? FindArtist(string text)
    {
        IReadOnlyList<int> items = FindArtists(text);
        if (items.Count > 1) throw new AmbiguousArtistException(text, items, Model);
        return items.Count == 1 ? items[0] : null;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> users whose id starts with <paramref name="prefix"/> (ordinal, after trimming), in id
    /// order: what an autocomplete offers while a user id is typed. An empty prefix finds nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> &lt; 1.</exception>
    public IReadOnlyList<int> SearchUsers(string prefix, int limit)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        string query = prefix.Trim();
        if (query.Length == 0) return [];
        int[] order = _usersById.Value;
        int first = LowerBound(order.Length, slot => string.CompareOrdinal(Model.UserIds[order[slot]], query) >= 0);
        var found = new List<int>();
        for (int slot = first; slot < order.Length && found.Count < limit && Model.UserIds[order[slot]].StartsWith(query, StringComparison.Ordinal); slot++)
            found.Add(order[slot]);
        return found;
    }

    /// <summary>
    /// Up to <paramref name="limit"/> artists for an autocomplete: the artist whose MBID is <paramref name="text"/>, then
    /// the artists whose normalised name starts with it (in name order; every artist of a shared name), then those whose
    /// name contains it (by the index of a name's first artist). Text that normalises to nothing finds nothing.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="limit"/> &lt; 1.</exception>
    public IReadOnlyList<int> SearchArtists(string text, int limit)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        string query = ArtistKey.NormalizeName(text);
        if (query.Length == 0) return [];
        var found = new List<int>();
        var seen = new HashSet<int>();
        void Add(int item)
        {
            if (found.Count < limit && seen.Add(item)) found.Add(item);
        }
        if (_artistsByMbid.TryGetValue(ArtistKey.FromMbid(text), out int byMbid)) Add(byMbid);
        (string Name, int Item)[] names = _namesSorted.Value;
        int first = LowerBound(names.Length, slot => string.CompareOrdinal(names[slot].Name, query) >= 0);
        for (int slot = first; slot < names.Length && found.Count < limit && names[slot].Name.StartsWith(query, StringComparison.Ordinal); slot++)
            foreach (int item in _artistsByName[names[slot].Name]) Add(item);
        for (int index = 0; index < _distinctNames.Count && found.Count < limit; index++)
            if (_distinctNames[index].Name.Contains(query, StringComparison.Ordinal))
                foreach (int item in _artistsByName[_distinctNames[index].Name]) Add(item);
        return found;
    }

    /// <summary>The first slot in [0, <paramref name="length"/>) where <paramref name="atOrAfter"/> holds (it is monotone); <paramref name="length"/> when none.</summary>
    private static int LowerBound(int length, Func<int, bool> atOrAfter)
    {
        int low = 0, high = length;
        while (low < high)
        {
            int middle = low + (high - low) / 2;
            if (atOrAfter(middle)) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    /// <summary>
    /// Up to <paramref name="count"/> artist names closest to <paramref name="text"/>: names starting with it first (shortest
    /// first), then the smallest edit distance between normalised names; ties by artist index.
    /// </summary>
    public IReadOnlyList<string> SuggestArtists(string text, int count = SuggestionCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        string query = ArtistKey.NormalizeName(text);
        var ranked = new List<(int Rank, int Item)>();
        int worstKept = int.MaxValue;
        foreach ((string name, int item) in _distinctNames)
        {
            int rank;
            if (query.Length > 0 && name.StartsWith(query, StringComparison.Ordinal)) rank = -1_000_000 + name.Length;   // prefixes before any edit distance
            else
            {
                // The distance is at least the length difference: skip names that cannot beat the kept ones.
                if (ranked.Count >= count && Math.Abs(name.Length - query.Length) >= worstKept) continue;
                rank = EditDistance(query, name);
            }
            ranked.Add((rank, item));
            if (ranked.Count > 4 * count) worstKept = Truncate(ranked, count);
        }
        Truncate(ranked, count);
        return [.. ranked.Select(entry => Model.ArtistNames[entry.Item])];
    }

    /// <summary>Sorts by (rank, item), keeps the first <paramref name="count"/>, returns the worst kept rank.</summary>
    private static int Truncate(List<(int Rank, int Item)> ranked, int count)
    {
        ranked.Sort();
        if (ranked.Count > count) ranked.RemoveRange(count, ranked.Count - count);
        return ranked.Count == 0 ? int.MaxValue : ranked[^1].Rank;
    }

    /// <summary>Levenshtein distance (insertions, deletions, substitutions of one character each cost 1).</summary>
    public static int EditDistance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        Span<int> row = b.Length < 256 ? stackalloc int[b.Length + 1] : new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++) row[j] = j;
        for (int i = 1; i <= a.Length; i++)
        {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
