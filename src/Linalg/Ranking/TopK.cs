using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Ranking;

/// <summary>
/// Top-K items by score xᵤ·yᵢ for many users at once, leaving out each user's excluded items (typically the
/// artists they already listened to).
/// </summary>
/// <remarks>
/// Users are taken in blocks of <see cref="UsersPerBlock"/>; for each tile of <see cref="TileItems"/> items, the block's
/// users are scored four at a time with the packed kernel of <see cref="ItemScorer"/> (a cache-blocked users × items
/// product: the tile stays in cache while the block's users pass over it); each user's tile is then scanned 16
/// scores at a time against the current K-th best score, so most of the tile is rejected by one vector compare.
/// Exclusions are sorted item lists walked with a cursor as the tiles advance. Ties go to the lower item index:
/// the result equals a full sort by (score descending, item ascending), with NaN scores left out.
/// </remarks>
public static class TopK
{
    /// <summary>Items per tile: 4 users × 1024 scores = 16 KiB of scores, which stays in L1/L2 between scoring and selection.</summary>
    internal const int TileItems = 1024;

    /// <summary>
    /// Users answered together against each tile: 16 passes of the four-user kernel. A tile of packed item factors is
    /// TileItems × k floats (256 KiB at k = 64, inside a 1 MiB L2), so it is read from memory once per 64 users instead
    /// of once per 4: streaming all of Y (41 MB on the 360K data) for every four users made scoring memory-bound.
    /// </summary>
    internal const int UsersPerBlock = 64;

    /// <summary>
    /// The best <paramref name="count"/> items for each user in <paramref name="users"/> (row indices of
    /// <paramref name="userFactors"/>), excluding the items in that user's row of <paramref name="exclusions"/>.
    /// </summary>
    /// <param name="userFactors">X, the query vectors (users × k).</param>
    /// <param name="users">Which rows of X to answer, in the order of the result.</param>
    /// <param name="items">The packed item factors.</param>
    /// <param name="exclusions">Optional; row u lists (sorted) the items never to recommend to user u.</param>
    /// <param name="count">K.</param>
    /// <param name="threads">Most threads to use; the result does not depend on it.</param>
    /// <exception cref="ArgumentException">Shapes disagree or a user index is out of range.</exception>
    public static TopKResult Recommend(FactorMatrix userFactors, ReadOnlySpan<int> users, ItemScorer items, CsrMatrix? exclusions,
        int count, int threads)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (userFactors.Factors != items.Factors)
            throw new ArgumentException($"User factors have k = {userFactors.Factors}, item factors k = {items.Factors}.", nameof(items));
        if (exclusions is not null && (exclusions.Rows != userFactors.Rows || exclusions.Columns != items.Items))
            throw new ArgumentException(
                $"Exclusions are {exclusions.Rows} × {exclusions.Columns}; expected {userFactors.Rows} users × {items.Items} items.", nameof(exclusions));
        foreach (int user in users)
            if ((uint)user >= (uint)userFactors.Rows)
                throw new ArgumentException($"User {user} is outside the {userFactors.Rows} user factor rows.", nameof(users));

        var result = new TopKResult(users.Length, count);
        int[] queries = users.ToArray();
        // Fewer users than threads × UsersPerBlock: smaller blocks (whole groups of four), so every thread gets work.
        // A user's scores do not depend on its block or group (see ItemScorer.Score), so neither does the result.
        int perThread = (queries.Length + Math.Max(1, threads) - 1) / Math.Max(1, threads);
        int usersPerBlock = Math.Clamp((perThread + ItemScorer.UsersPerPass - 1) / ItemScorer.UsersPerPass * ItemScorer.UsersPerPass,
            ItemScorer.UsersPerPass, UsersPerBlock);
        int blocks = (queries.Length + usersPerBlock - 1) / usersPerBlock;
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => new Scratch(userFactors.Factors, count),
            (block, _, scratch) =>
            {
                RecommendBlock(userFactors, queries, block * usersPerBlock, usersPerBlock, items, exclusions, result, scratch);
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>
    /// The best <paramref name="count"/> entries of <paramref name="scores"/> (index = item), leaving out the
    /// sorted <paramref name="excluded"/> items: the simple form of the same selection, for one score vector.
    /// </summary>
    /// <returns>How many items were written (fewer than <paramref name="count"/> when candidates run out; the rest is padded with −1 and NaN).</returns>
    public static int Select(ReadOnlySpan<float> scores, ReadOnlySpan<int> excluded, int count, Span<int> topItems, Span<float> topScores)
    {
        if (topItems.Length < count || topScores.Length < count)
            throw new ArgumentException($"Destinations hold {topItems.Length} and {topScores.Length} entries; {count} needed.");
        var selector = new TopKSelector(count);
        int cursor = 0;
        OfferRange(scores, 0, excluded, ref cursor, selector);
        return selector.Drain(topItems, topScores);
    }

    /// <summary>
    /// The lists of up to <paramref name="blockUsers"/> (at most <see cref="UsersPerBlock"/>) queries from
    /// <paramref name="first"/>: tiles outside, groups of four users inside, so each tile of packed item factors is read
    /// from memory once per block and then served from cache.
    /// </summary>
    private static void RecommendBlock(FactorMatrix userFactors, int[] queries, int first, int blockUsers, ItemScorer items,
        CsrMatrix? exclusions, TopKResult result, Scratch scratch)
    {
        int k = userFactors.Factors, userCount = Math.Min(blockUsers, queries.Length - first);
        for (int u = 0; u < userCount; u++)
        {
            userFactors.Row(queries[first + u]).CopyTo(scratch.UserRows.AsSpan(u * k, k));
            scratch.Cursors[u] = 0;
            scratch.Selectors[u].Reset();
        }
        int panelsPerTile = TileItems / ItemScorer.PanelWidth;
        for (int firstPanel = 0; firstPanel < items.Panels; firstPanel += panelsPerTile)
        {
            int panels = Math.Min(panelsPerTile, items.Panels - firstPanel);
            int firstItem = firstPanel * ItemScorer.PanelWidth;
            int tileLength = Math.Min(panels * ItemScorer.PanelWidth, items.Items - firstItem);
            for (int group = 0; group < userCount; group += ItemScorer.UsersPerPass)
            {
                int groupCount = Math.Min(ItemScorer.UsersPerPass, userCount - group);
                items.Score(scratch.UserRows.AsSpan(group * k, groupCount * k), groupCount, firstPanel, panels, scratch.Scores, TileItems);
                for (int u = 0; u < groupCount; u++)
                {
                    int user = group + u;
                    ReadOnlySpan<int> excluded = exclusions is null ? default : exclusions.RowColumns(queries[first + user]);
                    OfferRange(scratch.Scores.AsSpan(u * TileItems, tileLength), firstItem, excluded, ref scratch.Cursors[user], scratch.Selectors[user]);
                }
            }
        }
        for (int u = 0; u < userCount; u++)
        {
            int query = first + u;
            scratch.Selectors[u].Drain(result.Items.AsSpan(query * result.Count, result.Count),
                result.Scores.AsSpan(query * result.Count, result.Count));
        }
    }

    /// <summary>Offers scores[i] as item firstItem + i, skipping excluded items; items must arrive in increasing order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void OfferRange(ReadOnlySpan<float> scores, int firstItem, ReadOnlySpan<int> excluded, ref int cursor, TopKSelector selector)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= scores.Length; i += 16)
            {
                // One compare rejects 16 scores at once once the selector is full (the common case).
                ulong mask = Vector512.GreaterThan(Vector512.Create(scores.Slice(i, 16)), Vector512.Create(selector.Threshold))
                    .ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Consider(scores[i + lane], firstItem + i + lane, excluded, ref cursor, selector);
                }
            }
        }
        for (; i < scores.Length; i++)                                   // tail, and the whole job without SIMD
            if (scores[i] > selector.Threshold) Consider(scores[i], firstItem + i, excluded, ref cursor, selector);
    }

    private static void Consider(float score, int item, ReadOnlySpan<int> excluded, ref int cursor, TopKSelector selector)
    {
        while (cursor < excluded.Length && excluded[cursor] < item) cursor++;
        if (cursor < excluded.Length && excluded[cursor] == item) return;
        selector.Offer(item, score);
    }

    /// <summary>Per-thread buffers for one block of users.</summary>
    private sealed class Scratch
    {
        public Scratch(int k, int count)
        {
            UserRows = new float[UsersPerBlock * k];
            Scores = new float[ItemScorer.UsersPerPass * TileItems];
            Cursors = new int[UsersPerBlock];
            Selectors = new TopKSelector[UsersPerBlock];
            for (int u = 0; u < Selectors.Length; u++) Selectors[u] = new TopKSelector(count);
        }

        public float[] UserRows { get; }
        public float[] Scores { get; }
        public int[] Cursors { get; }
        public TopKSelector[] Selectors { get; }
    }
}
