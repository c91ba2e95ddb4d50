using Linalg.Dense;
using Linalg.Ranking;

namespace Linalg.Tests.Ranking;

/// <summary>
/// The packing order of <see cref="ItemScorer"/> against the obvious definition (a full sort of ‖yᵢ‖ in double, descending,
/// ties by index), the radix sort against a stable sort, and the parallel, recycled build against the one-thread build.
/// </summary>
public sealed class ItemScorerTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 0, 8, 1 }, { 1, 8, 2 }, { 15, 4, 3 }, { 16, 64, 2 }, { 17, 7, 2 }, { 1000, 16, 3 }, { 5003, 64, 2 },
    };

    /// <summary>
    /// Items drawn so that norms tie often: copies of earlier rows, negated copies (the same squares), all-zero rows, rows
    /// with NaN or ±∞ (norm +∞, packed first), and the rest random with norms spread over two orders of magnitude.
    /// </summary>
    private static FactorMatrix TiedFactors(Random random, int items, int k)
    {
        FactorMatrix matrix = RandomProblem.Factors(random, items, k);
        for (int item = 0; item < items; item++)
        {
            Span<float> row = matrix.Row(item);
            switch (random.Next(8))
            {
                case 0 when item > 0: matrix.Row(random.Next(item)).CopyTo(row); break;
                case 1 when item > 0:
                    matrix.Row(random.Next(item)).CopyTo(row);
                    foreach (ref float value in row) value = -value;
                    break;
                case 2: row.Clear(); break;
                case 3: row[random.Next(k)] = random.Next(3) switch { 0 => float.NaN, 1 => float.PositiveInfinity, _ => float.NegativeInfinity }; break;
                default:
                    float scale = MathF.Pow(10, random.Next(-1, 2));
                    foreach (ref float value in row) value *= scale;
                    break;
            }
        }
        return matrix;
    }

    /// <summary>‖yᵢ‖ as the scorer defines it: ∑_d yᵢ[d]² in double, d in order, +∞ when not finite.</summary>
    private static double Norm(FactorMatrix matrix, int item)
    {
        double sum = 0;
        foreach (float value in matrix.Row(item)) sum += (double)value * value;
        return double.IsFinite(sum) ? Math.Sqrt(sum) : double.PositiveInfinity;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Order_is_a_full_sort_by_norm_descending_then_index_with_ties_and_non_finite_rows(int items, int k, int threads)
    {
        FactorMatrix matrix = TiedFactors(new Random(items * 7 + k), items, k);
        double[] norms = [.. Enumerable.Range(0, items).Select(item => Norm(matrix, item))];
        int[] expected = [.. Enumerable.Range(0, items).OrderByDescending(item => norms[item]).ThenBy(item => item)];
        Assert.True(items < 100 || expected.Zip(expected.Skip(1)).Count(pair => norms[pair.First] == norms[pair.Second]) > items / 10,
            "the data has too few tied norms for the test to tell");

        foreach (bool portable in new[] { false, true })
        {
            var scorer = new ItemScorer(matrix, portable, threads);
            Assert.Equal(expected, scorer.Order.ToArray());
            for (int position = 0; position < items; position++) Assert.Equal(position, scorer.Positions[scorer.Order[position]]);
            for (int panel = 0; panel < scorer.Panels; panel++)
            {
                double largest = norms[expected[panel * ItemScorer.PanelWidth]];
                float bound = double.IsFinite(largest) ? (float)(largest * (1 + ItemScorer.NormSlack)) : float.PositiveInfinity;
                Assert.Equal(bound, scorer.PanelNorm(panel));
            }
        }
    }

    /// <summary>
    /// The scores of every packed position (padding lanes included) for a few users, as <see cref="TopK"/> reads them.
    /// </summary>
    private static float[] AllScores(ItemScorer scorer, FactorMatrix users)
    {
        int stride = Math.Max(1, scorer.Panels) * ItemScorer.PanelWidth;
        var scores = new float[ItemScorer.UsersPerPass * stride];
        scorer.Score(users.Values, users.Rows, 0, scorer.Panels, scores, stride);
        return scores;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void A_parallel_build_into_recycled_buffers_equals_the_one_thread_build(int items, int k, int threads)
    {
        var random = new Random(items + 31 * k);
        FactorMatrix first = TiedFactors(random, items, k), second = RandomProblem.Factors(random, items, k);
        FactorMatrix users = RandomProblem.Factors(random, ItemScorer.UsersPerPass, k);

        var older = new ItemScorer(first, threads, recycled: null);          // its buffers hold the first matrix's packing
        var recycled = new ItemScorer(second, threads, older);
        var fresh = new ItemScorer(second);

        Assert.True(older.Retired);
        Assert.False(recycled.Retired);
        Assert.Equal(fresh.Order.ToArray(), recycled.Order.ToArray());
        Assert.Equal(fresh.Positions.ToArray(), recycled.Positions.ToArray());
        Assert.Equal(Enumerable.Range(0, fresh.Panels).Select(fresh.PanelNorm), Enumerable.Range(0, recycled.Panels).Select(recycled.PanelNorm));
        Assert.Equal(AllScores(fresh, users), AllScores(recycled, users));
        TopKResult expected = TopK.Recommend(users, [0, 1, 2, 3], fresh, null, 10, 1);
        TopKResult actual = TopK.Recommend(users, [0, 1, 2, 3], recycled, null, 10, threads);
        Assert.Equal(expected.Items, actual.Items);
        Assert.Equal(expected.Scores, actual.Scores);
    }

    [Fact]
    public void A_recycled_scorer_of_another_shape_is_retired_and_the_new_one_allocates_its_own()
    {
        var random = new Random(3);
        FactorMatrix small = RandomProblem.Factors(random, 40, 8), large = RandomProblem.Factors(random, 300, 8);
        FactorMatrix users = RandomProblem.Factors(random, 2, 8);
        var older = new ItemScorer(small, threads: 2, recycled: null);

        var built = new ItemScorer(large, threads: 2, older);

        Assert.True(older.Retired);
        Assert.Equal(300, built.Items);
        TopKResult expected = TopK.Recommend(users, [0, 1], new ItemScorer(large), null, 12, 1);
        TopKResult actual = TopK.Recommend(users, [0, 1], built, null, 12, 2);
        Assert.Equal(expected.Items, actual.Items);
    }

    [Fact]
    public void Ranking_with_a_retired_scorer_or_recycling_it_twice_fails_loudly()
    {
        var random = new Random(4);
        FactorMatrix items = RandomProblem.Factors(random, 50, 8), users = RandomProblem.Factors(random, 3, 8);
        var older = new ItemScorer(items);
        _ = new ItemScorer(items, threads: 1, older);

        Assert.Throws<ObjectDisposedException>(() => TopK.Recommend(users, [0], older, null, 5, 1));
        var error = Assert.Throws<InvalidOperationException>(() => new ItemScorer(items, threads: 1, older));
        Assert.Contains("already retired", error.Message);
    }

    public static TheoryData<int> Lengths => [.. Enumerable.Range(0, 70), 255, 256, 257, 4099];

    /// <summary>
    /// The radix sort against a stable sort by key (LINQ's OrderBy keeps equal keys in input order): keys from a few
    /// values (ties), keys that differ only in low, middle or high digits (skipped and moved digits), and full 64-bit keys.
    /// </summary>
    [Theory, MemberData(nameof(Lengths))]
    public void Radix_sort_equals_a_stable_sort_by_key(int length)
    {
        var random = new Random(500 + length);
        Func<ulong>[] kinds =
        [
            () => ((ulong)(uint)random.Next(4) << 40) | 0x3FF0_0000_0000_0000UL,
            () => 0xBFF0_0000_0000_0000UL | (uint)random.Next(1 << 12),
            () => (ulong)random.NextInt64(),
            () => ulong.MaxValue - (uint)random.Next(3),
        ];
        foreach (Func<ulong> next in kinds)
        {
            ulong[] keys = [.. Enumerable.Range(0, length).Select(_ => next())];
            int[] values = [.. Enumerable.Range(0, length).Select(i => 3 * i + 1)];
            (ulong Key, int Value)[] expected = [.. keys.Zip(values).OrderBy(pair => pair.First)];

            ItemScorer.RadixSort(keys, values, new ulong[length], new int[length]);

            Assert.Equal(expected.Select(pair => pair.Key), keys);
            Assert.Equal(expected.Select(pair => pair.Value), values);
        }
    }
}
