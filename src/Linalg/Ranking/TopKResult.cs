namespace Linalg.Ranking;

/// <summary>
/// Top-K lists for a set of queries (users, or items for similar items): <see cref="Count"/> slots per
/// query, best first. A query with fewer candidates than K has item −1 and score NaN in its last slots.
/// </summary>
public sealed class TopKResult
{
    /// <summary>Creates empty lists for <paramref name="queries"/> queries of <paramref name="count"/> slots.</summary>
    public TopKResult(int queries, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(queries);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Queries = queries;
        Count = count;
        Items = new int[(long)queries * count];
        Scores = new float[Items.Length];
    }

    /// <summary>Number of queries.</summary>
    public int Queries { get; }

    /// <summary>Slots per query (K).</summary>
    public int Count { get; }

    /// <summary>Item indices, <see cref="Queries"/> × <see cref="Count"/>, row-major.</summary>
    public int[] Items { get; }

    /// <summary>Scores in the same layout.</summary>
    public float[] Scores { get; }

    /// <summary>The items of query <paramref name="query"/> (including −1 padding).</summary>
    public ReadOnlySpan<int> ItemsOf(int query) => Items.AsSpan(query * Count, Count);

    /// <summary>The scores of query <paramref name="query"/> (NaN where padded).</summary>
    public ReadOnlySpan<float> ScoresOf(int query) => Scores.AsSpan(query * Count, Count);
}
