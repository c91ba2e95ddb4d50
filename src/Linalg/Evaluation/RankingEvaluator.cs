using Linalg.Dense;
using Linalg.Ranking;
using Linalg.Sampling;
using Linalg.Sparse;

namespace Linalg.Evaluation;

/// <summary>
/// Evaluates a factor model and the popularity baseline on held-out items, per the evaluation protocol: each
/// user's training items are removed from the candidates, then the top K are compared with the test items.
/// </summary>
public static class RankingEvaluator
{
    /// <summary>Users scored per call of the top-K kernel: bounds the memory of the result lists.</summary>
    private const int UsersPerBatch = 4096;

    /// <summary>The sample size of <see cref="SampleUsers"/> that means every eligible user.</summary>
    public const int AllUsers = 0;

    /// <summary>The sample size of <see cref="SampleUsers"/> that means no user (evaluation switched off).</summary>
    public const int NoUsers = -1;

    /// <summary>
    /// A seeded sample of <paramref name="count"/> users among those with at least one test item, ascending; all
    /// of them when <paramref name="count"/> is <see cref="AllUsers"/> or at least their number; none when it is
    /// <see cref="NoUsers"/> (or any negative number).
    /// </summary>
    public static int[] SampleUsers(CsrMatrix test, int count, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (count < 0) return [];
        var eligible = new List<int>();
        for (int user = 0; user < test.Rows; user++) if (test.RowLength(user) > 0) eligible.Add(user);
        return Sample([.. eligible], count, seed);
    }

    /// <summary>
    /// A seeded sample of <paramref name="count"/> of the ascending <paramref name="candidates"/>, ascending; all of
    /// them when <paramref name="count"/> is 0 or at least their number.
    /// </summary>
    public static int[] Sample(ReadOnlySpan<int> candidates, int count, ulong seed)
    {
        if (count <= 0 || count >= candidates.Length) return candidates.ToArray();
        int[] pool = candidates.ToArray();
        var random = new SplitMix64(seed);
        for (int i = 0; i < count; i++)                                  // partial Fisher–Yates: the first count are the sample
        {
            int pick = i + random.NextInt(pool.Length - i);
            (pool[i], pool[pick]) = (pool[pick], pool[i]);
        }
        int[] sample = pool[..count];
        Array.Sort(sample);
        return sample;
    }

    /// <summary>Adds the model's top-<c>K</c> lists for <paramref name="users"/> to <paramref name="metrics"/>.</summary>
    /// <param name="userFactors">X.</param>
    /// <param name="items">The packed item factors Y.</param>
    /// <param name="train">Users × items training interactions: excluded from each user's candidates.</param>
    /// <param name="test">Users × items held-out interactions: the relevant items.</param>
    /// <param name="users">Users to evaluate.</param>
    /// <param name="metrics">Receives one entry per user with test items.</param>
    /// <param name="threads">Most threads to use.</param>
    public static void AddModel(FactorMatrix userFactors, ItemScorer items, CsrMatrix train, CsrMatrix test, ReadOnlySpan<int> users,
        MetricsAccumulator metrics, int threads)
    {
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(metrics);
        for (int start = 0; start < users.Length; start += UsersPerBatch)
        {
            ReadOnlySpan<int> batch = users.Slice(start, Math.Min(UsersPerBatch, users.Length - start));
            TopKResult top = TopK.Recommend(userFactors, batch, items, train, metrics.Cutoff, threads);
            for (int i = 0; i < batch.Length; i++) metrics.Add(top.ItemsOf(i), test.RowColumns(batch[i]));
        }
    }

    /// <summary>Adds the popularity baseline's top-K lists for <paramref name="users"/> to <paramref name="metrics"/>.</summary>
    public static void AddPopularity(PopularityBaseline baseline, CsrMatrix train, CsrMatrix test, ReadOnlySpan<int> users,
        MetricsAccumulator metrics)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(metrics);
        var top = new int[metrics.Cutoff];
        foreach (int user in users)
        {
            baseline.Recommend(train.RowColumns(user), top);
            metrics.Add(top, test.RowColumns(user));
        }
    }

    /// <summary>
    /// Metrics of <paramref name="recommender"/> at every cutoff of <paramref name="cutoffs"/> for <paramref name="users"/>: one top-K
    /// list per user at the largest cutoff, whose prefixes are the shorter lists (ties go to the lower item, so a prefix of
    /// the top-20 is exactly the top-10), scored against the user's test items.
    /// </summary>
    /// <param name="recommender">The model.</param>
    /// <param name="train">Users × items training interactions: excluded from each user's candidates.</param>
    /// <param name="test">Users × items held-out interactions: the relevant items.</param>
    /// <param name="users">Users to evaluate.</param>
    /// <param name="cutoffs">The K values, each at least 1.</param>
    /// <param name="threads">Most threads to use.</param>
    /// <returns>One result per cutoff, in the order of <paramref name="cutoffs"/>.</returns>
    public static RankingMetrics[] Evaluate(ITopKRecommender recommender, CsrMatrix train, CsrMatrix test, ReadOnlySpan<int> users,
        IReadOnlyList<int> cutoffs, int threads)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        ArgumentNullException.ThrowIfNull(cutoffs);
        if (cutoffs.Count == 0) throw new ArgumentException("At least one cutoff is needed.", nameof(cutoffs));
        MetricsAccumulator[] metrics = [.. cutoffs.Select(cutoff => new MetricsAccumulator(cutoff, train.Columns))];
        int longest = cutoffs.Max();
        for (int start = 0; start < users.Length; start += UsersPerBatch)
        {
            ReadOnlySpan<int> batch = users.Slice(start, Math.Min(UsersPerBatch, users.Length - start));
            TopKResult top = recommender.Recommend(batch, train, longest, threads);
            for (int i = 0; i < batch.Length; i++)
                foreach (MetricsAccumulator accumulator in metrics) accumulator.Add(top.ItemsOf(i), test.RowColumns(batch[i]));
        }
        return [.. metrics.Select(accumulator => accumulator.Result())];
    }

    /// <summary>Model metrics at <paramref name="cutoff"/> for <paramref name="users"/> (a convenience over <see cref="AddModel"/>).</summary>
    public static RankingMetrics EvaluateModel(FactorMatrix userFactors, FactorMatrix itemFactors, CsrMatrix train, CsrMatrix test,
        ReadOnlySpan<int> users, int cutoff, int threads)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        var metrics = new MetricsAccumulator(cutoff, itemFactors.Rows);
        AddModel(userFactors, new ItemScorer(itemFactors), train, test, users, metrics, threads);
        return metrics.Result();
    }

    /// <summary>Popularity-baseline metrics at <paramref name="cutoff"/> for <paramref name="users"/>.</summary>
    public static RankingMetrics EvaluatePopularity(CsrMatrix train, CsrMatrix test, ReadOnlySpan<int> users, int cutoff)
    {
        ArgumentNullException.ThrowIfNull(train);
        var metrics = new MetricsAccumulator(cutoff, train.Columns);
        AddPopularity(new PopularityBaseline(train), train, test, users, metrics);
        return metrics.Result();
    }
}
