using FsCheck;
using FsCheck.Fluent;
using Linalg.Dense;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Linalg.Tests.Ranking;

/// <summary>Top-K selection against a full sort (the oracle), and the batched kernel against double-precision scoring.</summary>
public sealed class TopKTests
{
    /// <summary>A selection case: scores drawn from few values (many ties), some NaN, random exclusions and K.</summary>
    private static Gen<(float[] Scores, int[] Excluded, int Count)> Cases() =>
        from length in Gen.Choose(0, 120)
        from raw in Gen.ArrayOf(Gen.Choose(-4, 5), length)
        from excludedMask in Gen.ArrayOf(Gen.Choose(0, 3), length)
        from count in Gen.Choose(0, 30)
        select (
            raw.Select(value => value == 5 ? float.NaN : value / 2f).ToArray(),
            Enumerable.Range(0, length).Where(i => excludedMask[i] == 0).ToArray(),
            count);

    [Fact]
    public void Select_equals_a_full_sort_by_score_then_index()
    {
        Prop.ForAll(Cases().ToArbitrary(), testCase =>
        {
            (float[] scores, int[] excluded, int count) = testCase;
            int[] expected = Enumerable.Range(0, scores.Length)
                .Where(i => !excluded.Contains(i) && !float.IsNaN(scores[i]))
                .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count).ToArray();
            var items = new int[count];
            var top = new float[count];
            int written = TopK.Select(scores, excluded, count, items, top);
            return written == expected.Length
                && items.AsSpan(0, written).SequenceEqual(expected)
                && items.Skip(written).All(item => item == -1)
                && Enumerable.Range(0, written).All(i => top[i] == scores[items[i]]);
        }).QuickCheckThrowOnFailure();
    }

    public static TheoryData<int> Lengths => [.. Enumerable.Range(0, 257)];

    /// <summary>
    /// The 16-wide prefilter (greater or equal to the K-th best) and its scalar tail at every length 0–256: scores from
    /// five levels, so ties sit at the threshold, against the full sort by (score descending, index ascending).
    /// </summary>
    [Theory, MemberData(nameof(Lengths))]
    public void Select_at_every_length_keeps_ties_at_the_threshold_by_lower_index(int length)
    {
        var random = new Random(1000 + length);
        float[] scores = [.. Enumerable.Range(0, length).Select(_ => (float)random.Next(5))];
        int[] excluded = [.. Enumerable.Range(0, length).Where(_ => random.Next(6) == 0)];
        foreach (int count in new[] { 0, 1, 7, 16, 40 })
        {
            int[] expected = [.. Enumerable.Range(0, length).Where(i => Array.BinarySearch(excluded, i) < 0)
                .OrderByDescending(i => scores[i]).ThenBy(i => i).Take(count)];
            var items = new int[count];
            var top = new float[count];
            int written = TopK.Select(scores, excluded, count, items, top);
            Assert.Equal(expected, items[..written]);
            Assert.All(items[written..], item => Assert.Equal(-1, item));
        }
    }

    [Theory]
    [InlineData(16, 1000, 10, false)]
    [InlineData(64, 3001, 20, false)]
    [InlineData(64, 3001, 20, true)]
    [InlineData(7, 37, 50, false)]
    [InlineData(33, 1025, 1, false)]
    public void Batched_recommendations_are_the_true_top_items_minus_exclusions(int k, int items, int count, bool portable)
    {
        var random = new Random(k + items);
        int users = 23;                                              // not a multiple of the four-user kernel
        FactorMatrix userFactors = RandomProblem.Factors(random, users, k), itemFactors = RandomProblem.Factors(random, items, k);
        CsrMatrix exclusions = RandomProblem.Block(random, users, items, density: 0.3, maxPlays: 1);
        int[] queries = [.. Enumerable.Range(0, users).Reverse()];

        TopKResult result = TopK.Recommend(userFactors, queries, new ItemScorer(itemFactors, portable), exclusions, count, threads: 3);

        for (int q = 0; q < queries.Length; q++)
        {
            int user = queries[q];
            var excluded = new HashSet<int>(exclusions.RowColumns(user).ToArray());
            double[] exact = new double[items];
            for (int i = 0; i < items; i++)
                for (int d = 0; d < k; d++) exact[i] += (double)userFactors.Values[user * k + d] * itemFactors.Values[i * k + d];
            double[] best = Enumerable.Range(0, items).Where(i => !excluded.Contains(i)).Select(i => exact[i])
                .OrderByDescending(s => s).Take(count).ToArray();
            ReadOnlySpan<int> got = result.ItemsOf(q);
            ReadOnlySpan<float> gotScores = result.ScoresOf(q);
            Assert.Equal(Math.Min(count, items - excluded.Count), got.ToArray().Count(i => i >= 0));
            for (int position = 0; position < best.Length; position++)
            {
                int item = got[position];
                Assert.False(excluded.Contains(item), $"user {user} got excluded item {item}");
                Assert.Equal(exact[item], gotScores[position], 1e-4);
                Assert.Equal(best[position], exact[item], 1e-4);    // the position's score is the true position's score
                if (position > 0) Assert.True(gotScores[position] <= gotScores[position - 1]);
            }
            Assert.Equal(got.ToArray().Count(i => i >= 0), got.ToArray().Where(i => i >= 0).Distinct().Count());
        }
    }

    /// <summary>
    /// The cache-blocked top-K against the naive reference: every score of the dense users × items product sorted in
    /// full by (score descending, item ascending). Factors are small integers, so every score is exact in float and ties
    /// are frequent: the lists must be equal item for item, ties included. The user counts cross the block size (64), the
    /// four-user group and the thread split; the item counts cross the tile (1024) and the 16-item panel. With
    /// <paramref name="skew"/>, item i's factors are scaled by 2^−(i mod 8) (still exact): norms spread over two orders of
    /// magnitude, so the norm bound prunes most panels, and equal scores meet out of item order.
    /// </summary>
    [Theory]
    [InlineData(150, 2100, 8, 10, 2, false, false)]
    [InlineData(150, 2100, 8, 10, 2, true, false)]
    [InlineData(150, 3000, 8, 10, 2, false, true)]
    [InlineData(150, 3000, 8, 10, 2, true, true)]
    [InlineData(70, 2500, 64, 5, 1, false, true)]
    [InlineData(131, 1024, 5, 20, 1, false, false)]
    [InlineData(65, 17, 3, 25, 3, false, true)]
    [InlineData(3, 1500, 64, 10, 2, false, false)]
    [InlineData(0, 100, 4, 10, 2, false, false)]
    public void Blocked_top_k_equals_a_full_sort_of_dense_scores_ties_included(int users, int items, int k, int count, int threads, bool portable, bool skew)
    {
        var random = new Random(users * 31 + items + k);
        FactorMatrix userFactors = IntegerFactors(random, users, k), itemFactors = IntegerFactors(random, items, k);
        if (skew)
            for (int item = 0; item < items; item++)
                foreach (ref float value in itemFactors.Row(item)) value *= MathF.Pow(2, -(item % 8));
        CsrMatrix exclusions = RandomProblem.Block(random, users, items, density: 0.2, maxPlays: 1);
        int[] queries = [.. Enumerable.Range(0, users).Reverse()];

        TopKResult result = TopK.Recommend(userFactors, queries, new ItemScorer(itemFactors, portable), exclusions, count, threads);

        for (int q = 0; q < queries.Length; q++)
        {
            int user = queries[q];
            var excluded = new HashSet<int>(exclusions.RowColumns(user).ToArray());
            var dense = new float[items];
            for (int i = 0; i < items; i++)
                for (int d = 0; d < k; d++) dense[i] += userFactors.Values[user * k + d] * itemFactors.Values[i * k + d];
            int[] expected = [.. Enumerable.Range(0, items).Where(i => !excluded.Contains(i))
                .OrderByDescending(i => dense[i]).ThenBy(i => i).Take(count)];
            int[] got = [.. result.ItemsOf(q).ToArray().Where(item => item >= 0)];
            Assert.Equal(expected, got);
            Assert.Equal(expected.Select(i => dense[i]), result.ScoresOf(q).ToArray().Take(got.Length));
        }
    }

    /// <summary>Factors with entries in {−2, …, 2}: every dot product is a small integer, exact in float.</summary>
    private static FactorMatrix IntegerFactors(Random random, int rows, int k)
    {
        var matrix = new FactorMatrix(rows, k);
        for (int i = 0; i < matrix.Values.Length; i++) matrix.Values[i] = random.Next(-2, 3);
        return matrix;
    }

    [Fact]
    public void Batching_does_not_change_a_users_list()
    {
        var random = new Random(77);
        FactorMatrix users = RandomProblem.Factors(random, 9, 64), items = RandomProblem.Factors(random, 5000, 64);
        var scorer = new ItemScorer(items);
        TopKResult all = TopK.Recommend(users, [0, 1, 2, 3, 4, 5, 6, 7, 8], scorer, null, 10, 2);
        for (int user = 0; user < 9; user++)
        {
            TopKResult alone = TopK.Recommend(users, [user], scorer, null, 10, 1);
            Assert.Equal(all.ItemsOf(user).ToArray(), alone.ItemsOf(0).ToArray());
            Assert.Equal(all.ScoresOf(user).ToArray(), alone.ScoresOf(0).ToArray());
        }
    }

    [Fact]
    public void Similar_items_are_the_highest_cosines_without_the_item_itself()
    {
        var random = new Random(5);
        FactorMatrix items = RandomProblem.Factors(random, 300, 16);
        items.Row(7).Clear();                               // an all-zero item: cosine 0 with everything
        var similar = new SimilarItems(items);
        TopKResult result = similar.Find([3, 7, 299], 5, 1);
        for (int q = 0; q < 3; q++)
        {
            int query = new[] { 3, 7, 299 }[q];
            double Cosine(int other)
            {
                double dot = 0, a = 0, b = 0;
                for (int d = 0; d < 16; d++)
                {
                    double x = items.Values[query * 16 + d], y = items.Values[other * 16 + d];
                    dot += x * y; a += x * x; b += y * y;
                }
                return a == 0 || b == 0 ? 0 : dot / Math.Sqrt(a * b);
            }
            double[] expected = Enumerable.Range(0, 300).Where(i => i != query).Select(Cosine).OrderByDescending(c => c).Take(5).ToArray();
            Assert.DoesNotContain(query, result.ItemsOf(q).ToArray());
            for (int position = 0; position < 5; position++)
                Assert.Equal(expected[position], result.ScoresOf(q)[position], 1e-5);
        }
    }
}
