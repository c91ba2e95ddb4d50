using Linalg.Ranking;
using Linalg.Sparse;

namespace Linalg.Evaluation;

/// <summary>
/// The popularity baseline: every user gets the most-listened items (by number of distinct training users),
/// minus the items they already have. It ignores the user entirely, so it is the lower bound a personalised
/// model must beat. Ties go to the lower item index.
/// </summary>
public sealed class PopularityBaseline : ITopKRecommender
{
    private readonly int[] _ranking;
    private readonly int[] _listeners;

    /// <summary>Counts listeners per item in <paramref name="trainUserItems"/> (users × items).</summary>
    public PopularityBaseline(CsrMatrix trainUserItems)
    {
        ArgumentNullException.ThrowIfNull(trainUserItems);
        _listeners = new int[trainUserItems.Columns];
        for (int entry = 0; entry < trainUserItems.NonZeros; entry++) _listeners[trainUserItems.ColumnIndices[entry]]++;
        _ranking = new int[_listeners.Length];
        for (int item = 0; item < _ranking.Length; item++) _ranking[item] = item;
        int[] listeners = _listeners;
        Array.Sort(_ranking, (a, b) => listeners[a] != listeners[b] ? listeners[b].CompareTo(listeners[a]) : a.CompareTo(b));
    }

    /// <summary>All items, most popular first.</summary>
    public ReadOnlySpan<int> Ranking => _ranking;

    /// <summary>Distinct training users of <paramref name="item"/>.</summary>
    public int Listeners(int item) => _listeners[item];

    /// <summary>
    /// Writes the most popular items not in <paramref name="excluded"/> (sorted) into <paramref name="destination"/>,
    /// filling it unless candidates run out (then −1), and returns how many were written.
    /// </summary>
    public int Recommend(ReadOnlySpan<int> excluded, Span<int> destination)
    {
        int written = 0;
        foreach (int item in _ranking)
        {
            if (written == destination.Length) break;
            if (excluded.BinarySearch(item) >= 0) continue;
            destination[written++] = item;
        }
        destination[written..].Fill(-1);
        return written;
    }

    /// <summary>The top-<paramref name="count"/> lists of <paramref name="users"/>, each user's training row excluded; the score is the listener count.</summary>
    public TopKResult Recommend(ReadOnlySpan<int> users, CsrMatrix train, int count, int threads)
    {
        ArgumentNullException.ThrowIfNull(train);
        var result = new TopKResult(users.Length, count);
        for (int query = 0; query < users.Length; query++)        // a walk down one shared ranking: cheap, so one thread
        {
            Span<int> items = result.Items.AsSpan(query * count, count);
            Span<float> scores = result.Scores.AsSpan(query * count, count);
            int written = Recommend(train.RowColumns(users[query]), items);
            for (int slot = 0; slot < count; slot++) scores[slot] = slot < written ? _listeners[items[slot]] : float.NaN;
        }
        return result;
    }
}
