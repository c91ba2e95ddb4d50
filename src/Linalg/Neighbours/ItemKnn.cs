using System.Collections.Concurrent;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Linalg.Neighbours;

/// <summary>
/// Item-based nearest-neighbour recommendation on implicit data (the baselines of <c>implicit</c>'s
/// <c>CosineRecommender</c> and <c>BM25Recommender</c>): each item keeps its <see cref="Neighbours"/> most
/// similar items, and a user's score for item j is
/// <code>
///   score(u, j) = ∑_{i ∈ train(u)} rᵤᵢ · sim(i, j)        (sim(i, j) = 0 unless j is one of i's neighbours)
/// </code>
/// with rᵤᵢ the user's play count. sim is the cosine of the items' columns of the (weighted) training matrix:
/// <code>
///   sim(i, j) = ∑ᵤ wᵤᵢwᵤⱼ / (‖w·ᵢ‖ ‖w·ⱼ‖)
///   cosine: wᵤᵢ = rᵤᵢ
///   BM25:   wᵤᵢ = rᵤᵢ (K1 + 1) / (K1 · ((1 − B) + B · lenᵢ / avg len) + rᵤᵢ) · idfᵤ,
///           lenᵢ = ∑ᵤ rᵤᵢ,  idfᵤ = ln(items) − ln(1 + |train(u)|)
/// </code>
/// (BM25 treats an item as a document whose terms are its listeners, as <c>implicit</c>'s <c>bm25_weight</c> on the
/// items × users matrix does.) An item is not its own neighbour.
/// </summary>
/// <remarks>
/// Fitting visits, for every item i, each listener u of i and each item j of u: ∑ᵤ nᵤ² multiply-adds in all,
/// accumulated in a per-thread dense row (no allocation per pair), then the best <see cref="Neighbours"/> are kept.
/// Recommending walks the neighbour lists of the user's items the same way. Ranking is by (score descending, item
/// ascending) over every candidate the user has not played; items no neighbour list reaches score 0, exactly as
/// in a dense computation, so the result equals a dense score vector sorted fully.
/// </remarks>
public sealed class ItemKnn : ITopKRecommender
{
    /// <summary>Neighbours kept per item by default: 100, as in <c>implicit</c>'s item-KNN recommenders (its <c>K</c>).</summary>
    public const int DefaultNeighbours = 100;

    /// <summary>BM25's term-frequency saturation K1 = 100: play counts are large, so saturation must be gentle (<c>implicit</c>'s Last.fm setting).</summary>
    public const float Bm25K1 = 100f;

    /// <summary>BM25's length normalisation B = 0.8 (<c>implicit</c>'s Last.fm setting).</summary>
    public const float Bm25B = 0.8f;

    /// <summary>Items per work item while fitting: small enough to balance popular items, large enough to amortise scheduling.</summary>
    private const int ItemsPerRange = 32;

    private ItemKnn(CsrMatrix similarities, int neighbours)
    {
        Similarities = similarities;
        Neighbours = neighbours;
    }

    /// <summary>Items × items: row i holds i's neighbours (increasing index) and their similarity.</summary>
    public CsrMatrix Similarities { get; }

    /// <summary>Neighbours kept per item.</summary>
    public int Neighbours { get; }

    /// <summary>Fits the neighbour lists on <paramref name="train"/> (users × items, values = plays).</summary>
    /// <param name="train">The training interactions.</param>
    /// <param name="weighting">Raw plays (cosine) or BM25 weights.</param>
    /// <param name="neighbours">Neighbours kept per item.</param>
    /// <param name="threads">Most threads to use; the result does not depend on it.</param>
    public static ItemKnn Fit(CsrMatrix train, ItemKnnWeighting weighting, int neighbours, int threads)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(neighbours);
        CsrMatrix byItem = train.Transpose();
        float[] weights = weighting == ItemKnnWeighting.Bm25 ? Bm25Weights(byItem, train, Bm25K1, Bm25B) : (float[])byItem.Values.Clone();
        var weighted = new CsrMatrix(byItem.Rows, byItem.Columns, byItem.RowPointers, byItem.ColumnIndices, weights);
        CsrMatrix weightedByUser = weighted.Transpose();
        int items = byItem.Rows;
        neighbours = Math.Min(neighbours, Math.Max(1, items - 1));     // no item has more: keeps the buffers to items × (items − 1)
        var norms = new double[items];
        for (int item = 0; item < items; item++)
        {
            double sum = 0;
            foreach (float w in weighted.RowValues(item)) sum += (double)w * w;
            norms[item] = Math.Sqrt(sum);
        }

        var listItems = new int[(long)items * neighbours];
        var listScores = new float[listItems.Length];
        var listLengths = new int[items];
        if (items > 0)                                                 // a range partitioner refuses an empty range
            Parallel.ForEach(Partitioner.Create(0, items, ItemsPerRange), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => new Scratch(items, neighbours),
            (range, _, scratch) =>
            {
                for (int item = range.Item1; item < range.Item2; item++)
                    listLengths[item] = FitItem(item, weighted, weightedByUser, norms, scratch,
                        listItems.AsSpan(item * neighbours, neighbours), listScores.AsSpan(item * neighbours, neighbours));
                return scratch;
            },
            _ => { });

        var pointers = new int[items + 1];
        for (int item = 0; item < items; item++) pointers[item + 1] = pointers[item] + listLengths[item];
        var columns = new int[pointers[items]];
        var values = new float[columns.Length];
        for (int item = 0; item < items; item++)
        {
            listItems.AsSpan(item * neighbours, listLengths[item]).CopyTo(columns.AsSpan(pointers[item]));
            listScores.AsSpan(item * neighbours, listLengths[item]).CopyTo(values.AsSpan(pointers[item]));
            Array.Sort(columns, values, pointers[item], listLengths[item]);   // CSR rows keep increasing columns
        }
        return new ItemKnn(new CsrMatrix(items, items, pointers, columns, values), neighbours);
    }

    /// <summary>
    /// BM25 weights of the entries of <paramref name="byItem"/> (items × users, values = plays), in its entry order;
    /// <paramref name="byUser"/> is the same data users × items (for the users' lengths).
    /// </summary>
    public static float[] Bm25Weights(CsrMatrix byItem, CsrMatrix byUser, float k1, float b)
    {
        ArgumentNullException.ThrowIfNull(byItem);
        ArgumentNullException.ThrowIfNull(byUser);
        int items = byItem.Rows;
        var lengths = new double[items];
        double total = 0;
        for (int item = 0; item < items; item++)
        {
            foreach (float plays in byItem.RowValues(item)) lengths[item] += plays;
            total += lengths[item];
        }
        double average = items == 0 ? 1 : total / items;
        if (average <= 0) average = 1;
        var weights = new float[byItem.NonZeros];
        double logItems = Math.Log(items);
        for (int item = 0; item < items; item++)
        {
            double lengthNorm = (1 - b) + b * lengths[item] / average;
            for (int entry = byItem.RowPointers[item]; entry < byItem.RowPointers[item + 1]; entry++)
            {
                int user = byItem.ColumnIndices[entry];
                double plays = byItem.Values[entry];
                double idf = logItems - Math.Log(1 + byUser.RowLength(user));
                weights[entry] = (float)(plays * (k1 + 1) / (k1 * lengthNorm + plays) * idf);
            }
        }
        return weights;
    }

    /// <summary>Scores through the neighbour lists (see the type's remarks); <paramref name="train"/> gives both the user's items with their plays and the exclusions.</summary>
    public TopKResult Recommend(ReadOnlySpan<int> users, CsrMatrix train, int count, int threads)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        int items = Similarities.Rows;
        if (train.Columns != items) throw new ArgumentException($"The training matrix has {train.Columns} items, the neighbour lists {items}.", nameof(train));
        foreach (int user in users)
            if ((uint)user >= (uint)train.Rows) throw new ArgumentException($"User {user} is outside the {train.Rows} training rows.", nameof(users));
        var result = new TopKResult(users.Length, count);
        int[] queries = users.ToArray();
        if (queries.Length == 0) return result;                        // a range partitioner refuses an empty range
        Parallel.ForEach(Partitioner.Create(0, queries.Length, ItemsPerRange), new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => new Scratch(items, count),
            (range, _, scratch) =>
            {
                for (int query = range.Item1; query < range.Item2; query++)
                    RecommendOne(queries[query], train, scratch, result.Items.AsSpan(query * count, count), result.Scores.AsSpan(query * count, count));
                return scratch;
            },
            _ => { });
        return result;
    }

    /// <summary>Similarities of <paramref name="item"/> to every co-listened item, the best kept; returns how many.</summary>
    private static int FitItem(int item, CsrMatrix weighted, CsrMatrix weightedByUser, double[] norms, Scratch scratch, Span<int> topItems, Span<float> topScores)
    {
        int stamp = scratch.NextStamp();
        int touched = 0;
        ReadOnlySpan<int> listeners = weighted.RowColumns(item);
        ReadOnlySpan<float> listenerWeights = weighted.RowValues(item);
        for (int l = 0; l < listeners.Length; l++)
        {
            double weight = listenerWeights[l];
            ReadOnlySpan<int> others = weightedByUser.RowColumns(listeners[l]);
            ReadOnlySpan<float> otherWeights = weightedByUser.RowValues(listeners[l]);
            for (int o = 0; o < others.Length; o++)
            {
                int other = others[o];
                if (scratch.Marks[other] != stamp)
                {
                    scratch.Marks[other] = stamp;
                    scratch.Sums[other] = 0;
                    scratch.Touched[touched++] = other;
                }
                scratch.Sums[other] += weight * otherWeights[o];
            }
        }
        TopKSelector selector = scratch.Selector;
        selector.Reset();
        double norm = norms[item];
        for (int t = 0; t < touched; t++)
        {
            int other = scratch.Touched[t];
            double sum = scratch.Sums[other];
            if (other == item || sum == 0 || norm == 0 || norms[other] == 0) continue;
            selector.Offer(other, (float)(sum / (norm * norms[other])));
        }
        return selector.Drain(topItems, topScores);
    }

    private void RecommendOne(int user, CsrMatrix train, Scratch scratch, Span<int> topItems, Span<float> topScores)
    {
        int stamp = scratch.NextStamp(), excludedStamp = scratch.NextStamp();
        int touched = 0;
        ReadOnlySpan<int> played = train.RowColumns(user);
        ReadOnlySpan<float> plays = train.RowValues(user);
        foreach (int item in played) scratch.Marks[item] = excludedStamp;
        for (int p = 0; p < played.Length; p++)
        {
            double weight = plays[p];
            ReadOnlySpan<int> neighbours = Similarities.RowColumns(played[p]);
            ReadOnlySpan<float> similarities = Similarities.RowValues(played[p]);
            for (int n = 0; n < neighbours.Length; n++)
            {
                int other = neighbours[n];
                int mark = scratch.Marks[other];
                if (mark == excludedStamp) continue;
                if (mark != stamp)
                {
                    scratch.Marks[other] = stamp;
                    scratch.Sums[other] = 0;
                    scratch.Touched[touched++] = other;
                }
                scratch.Sums[other] += weight * similarities[n];
            }
        }
        TopKSelector selector = scratch.Selector;
        selector.Reset();
        for (int t = 0; t < touched; t++)
        {
            int other = scratch.Touched[t];
            float score = (float)scratch.Sums[other];
            if (score != 0) selector.Offer(other, score);
            else scratch.Marks[other] = 0;                             // scores 0: ranked with the unreached items below
        }
        // Unreached (and zero-scored) items score 0. Offered in increasing index order they only enter while the
        // selector has room or holds a negative score; once it is full with every score ≥ 0, no later 0 can enter.
        for (int item = 0; item < Similarities.Rows && (selector.Count < selector.Capacity || selector.Threshold < 0); item++)
        {
            int mark = scratch.Marks[item];
            if (mark == stamp || mark == excludedStamp) continue;
            selector.Offer(item, 0f);
        }
        selector.Drain(topItems, topScores);
    }

    /// <summary>Per-thread buffers: a dense accumulator row with stamps, so nothing is cleared or allocated per item or user.</summary>
    private sealed class Scratch(int items, int count)
    {
        private int _stamp;

        public double[] Sums { get; } = new double[items];
        public int[] Marks { get; } = new int[items];
        public int[] Touched { get; } = new int[items];
        public TopKSelector Selector { get; } = new(count);

        /// <summary>A stamp no entry of <see cref="Marks"/> holds yet (0 is never used, so fresh arrays mean "unmarked").</summary>
        public int NextStamp()
        {
            if (++_stamp == int.MaxValue)
            {
                Array.Clear(Marks);
                _stamp = 1;
            }
            return _stamp;
        }
    }
}
