using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;
using Linalg.Kernels;
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
/// Items are packed by decreasing norm, and a group of four users stops at the first panel whose Cauchy–Schwarz bound
/// ‖xᵤ‖·max‖yᵢ‖ is below every one of its users' K-th best score (exact: no item that could enter is skipped).
/// Exclusions are mapped to packed positions, sorted, and walked with a cursor as the tiles advance. Ties go to the
/// lower item index: the result equals a full sort by (score descending, item ascending), with NaN scores left out.
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
    /// <exception cref="ObjectDisposedException"><paramref name="items"/> was recycled into a newer scorer.</exception>
    public static TopKResult Recommend(FactorMatrix userFactors, ReadOnlySpan<int> users, ItemScorer items, CsrMatrix? exclusions,
        int count, int threads)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(items);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ObjectDisposedException.ThrowIf(items.Retired, items);         // its buffers hold a newer iteration's items now
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
        OfferRange(scores, 0, excluded, ref cursor, selector, order: default);
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
        ReadOnlySpan<int> positions = items.Positions;
        int excludedTotal = 0;
        for (int u = 0; u < userCount; u++)
        {
            ReadOnlySpan<float> row = userFactors.Row(queries[first + u]);
            row.CopyTo(scratch.UserRows.AsSpan(u * k, k));
            double sum = 0;
            foreach (float value in row) sum += (double)value * value;
            scratch.Norms[u] = (float)(Math.Sqrt(sum) * (1 + ItemScorer.NormSlack));   // NaN or +∞ never prunes (see MayEnter)
            scratch.Cursors[u] = 0;
            scratch.Selectors[u].Reset();
            // The user's excluded items as packed positions, sorted: they are met in position order.
            ReadOnlySpan<int> excluded = exclusions is null ? default : exclusions.RowColumns(queries[first + u]);
            scratch.EnsureExcluded(excludedTotal + excluded.Length);
            Span<int> mapped = scratch.Excluded.AsSpan(excludedTotal, excluded.Length);
            for (int e = 0; e < excluded.Length; e++) mapped[e] = positions[excluded[e]];
            mapped.Sort();
            scratch.ExcludedStarts[u] = excludedTotal;
            excludedTotal += excluded.Length;
            scratch.ExcludedStarts[u + 1] = excludedTotal;
        }
        int panelsPerTile = TileItems / ItemScorer.PanelWidth;
        for (int firstPanel = 0; firstPanel < items.Panels; firstPanel += panelsPerTile)
        {
            int panels = Math.Min(panelsPerTile, items.Panels - firstPanel);
            int firstPosition = firstPanel * ItemScorer.PanelWidth;
            bool anyLive = false;
            for (int group = 0; group < userCount; group += ItemScorer.UsersPerPass)
            {
                int groupCount = Math.Min(ItemScorer.UsersPerPass, userCount - group);
                // Panels are in decreasing norm: score up to the first panel none of the group's users can use.
                int live = 0;
                while (live < panels && MayEnter(items, firstPanel + live, scratch, group, groupCount)) live++;
                if (live == 0) continue;
                anyLive = true;
                int length = Math.Min(live * ItemScorer.PanelWidth, items.Items - firstPosition);
                items.Score(scratch.UserRows.AsSpan(group * k, groupCount * k), groupCount, firstPanel, live, scratch.Scores, TileItems);
                for (int u = 0; u < groupCount; u++)
                {
                    int user = group + u;
                    ReadOnlySpan<int> excluded = scratch.Excluded.AsSpan(scratch.ExcludedStarts[user], scratch.ExcludedStarts[user + 1] - scratch.ExcludedStarts[user]);
                    OfferRange(scratch.Scores.AsSpan(u * TileItems, length), firstPosition, excluded, ref scratch.Cursors[user], scratch.Selectors[user], items.Order);
                }
            }
            if (!anyLive) break;                                          // later panels have smaller norms still
        }
        for (int u = 0; u < userCount; u++)
        {
            int query = first + u;
            scratch.Selectors[u].Drain(result.Items.AsSpan(query * result.Count, result.Count),
                result.Scores.AsSpan(query * result.Count, result.Count));
        }
    }

    /// <summary>
    /// Whether some user of the group may still gain an item from <paramref name="panel"/>: ‖xᵤ‖ · (the panel's largest
    /// ‖yᵢ‖) is not below the user's K-th best score (−∞ until K are kept). Only a bound that is surely below prunes, so
    /// NaN and +∞ norms never do; a bound equal to the threshold does not either (an equal score with a lower item index
    /// would still enter).
    /// </summary>
    private static bool MayEnter(ItemScorer items, int panel, Scratch scratch, int group, int groupCount)
    {
        float panelNorm = items.PanelNorm(panel);
        for (int u = group; u < group + groupCount; u++)
            if (!(scratch.Norms[u] * panelNorm < scratch.Selectors[u].Threshold)) return true;
        return false;
    }

    /// <summary>
    /// Offers scores[i] as the item at position firstPosition + i (<paramref name="order"/>[position], or the position
    /// itself when <paramref name="order"/> is empty), skipping excluded positions; positions must arrive in increasing
    /// order, and <paramref name="excluded"/> lists positions, sorted.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void OfferRange(ReadOnlySpan<float> scores, int firstPosition, ReadOnlySpan<int> excluded, ref int cursor, TopKSelector selector,
        ReadOnlySpan<int> order)
    {
        int i = 0;
        if (WideVectors.IsAccelerated)
        {
            for (; i + 16 <= scores.Length; i += 16)
            {
                // One compare rejects 16 scores at once once the selector is full (the common case). Greater or equal:
                // positions are not in item order, so an equal score may still win its tie by a lower item index.
                ulong mask = Vector512.GreaterThanOrEqual(Vector512.Create(scores.Slice(i, 16)), Vector512.Create(selector.Threshold))
                    .ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int lane = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    Consider(scores[i + lane], firstPosition + i + lane, excluded, ref cursor, selector, order);
                }
            }
        }
        for (; i < scores.Length; i++)                                   // tail, and the whole job without SIMD
            if (scores[i] >= selector.Threshold) Consider(scores[i], firstPosition + i, excluded, ref cursor, selector, order);
    }

    private static void Consider(float score, int position, ReadOnlySpan<int> excluded, ref int cursor, TopKSelector selector, ReadOnlySpan<int> order)
    {
        while (cursor < excluded.Length && excluded[cursor] < position) cursor++;
        if (cursor < excluded.Length && excluded[cursor] == position) return;
        selector.Offer(order.IsEmpty ? position : order[position], score);
    }

    /// <summary>Per-thread buffers for one block of users.</summary>
    private sealed class Scratch
    {
        public Scratch(int k, int count)
        {
            UserRows = new float[UsersPerBlock * k];
            Scores = new float[ItemScorer.UsersPerPass * TileItems];
            Cursors = new int[UsersPerBlock];
            Norms = new float[UsersPerBlock];
            ExcludedStarts = new int[UsersPerBlock + 1];
            Selectors = new TopKSelector[UsersPerBlock];
            for (int u = 0; u < Selectors.Length; u++) Selectors[u] = new TopKSelector(count);
        }

        public float[] UserRows { get; }
        public float[] Scores { get; }
        public int[] Cursors { get; }

        /// <summary>‖xᵤ‖ of the block's users, rounded up.</summary>
        public float[] Norms { get; }

        /// <summary>The block's excluded positions, user after user (grown when a block needs more, then reused).</summary>
        public int[] Excluded { get; private set; } = new int[1024];

        /// <summary>Where each user's excluded positions start in <see cref="Excluded"/> (user u: [u], [u + 1]).</summary>
        public int[] ExcludedStarts { get; }

        /// <summary>Makes <see cref="Excluded"/> hold at least <paramref name="length"/> entries, keeping its content.</summary>
        public void EnsureExcluded(int length)
        {
            if (length <= Excluded.Length) return;
            int[] larger = new int[Math.Max(length, 2 * Excluded.Length)];
            Excluded.CopyTo(larger, 0);
            Excluded = larger;
        }
        public TopKSelector[] Selectors { get; }
    }
}
