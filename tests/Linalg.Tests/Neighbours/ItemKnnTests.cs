using Linalg.Evaluation;
using Linalg.Neighbours;
using Linalg.Ranking;
using Linalg.Sparse;
using TestSupport;

namespace Linalg.Tests.Neighbours;

/// <summary>Item-KNN against dense double-precision loops written here from the definitions (the independent oracle).</summary>
public sealed class ItemKnnTests
{
    /// <summary>Float similarities and scores against double ones: a few ulps of the largest values.</summary>
    private const double Tolerance = 1e-4;

    private static CsrMatrix Train(int seed, int users = 40, int items = 30) => RandomProblem.Block(new Random(seed), users, items, 0.25, maxPlays: 40, allowEmptyRows: false);

    /// <summary>The play counts as a dense users × items array.</summary>
    private static double[,] Dense(CsrMatrix train)
    {
        var plays = new double[train.Rows, train.Columns];
        for (int u = 0; u < train.Rows; u++)
            for (int e = train.RowPointers[u]; e < train.RowPointers[u + 1]; e++) plays[u, train.ColumnIndices[e]] = train.Values[e];
        return plays;
    }

    private static double[,] DenseSimilarities(CsrMatrix train, bool bm25) =>
        DenseItemKnn.Cosine(DenseItemKnn.Weights(Dense(train), bm25, ItemKnn.Bm25K1, ItemKnn.Bm25B));

    [Theory]
    [InlineData(ItemKnnWeighting.Cosine, 100)]
    [InlineData(ItemKnnWeighting.Bm25, 100)]
    [InlineData(ItemKnnWeighting.Cosine, 4)]
    [InlineData(ItemKnnWeighting.Bm25, 3)]
    public void Neighbours_and_recommendations_equal_the_dense_computation(ItemKnnWeighting weighting, int neighbours)
    {
        CsrMatrix train = Train(seed: 11);
        double[,] expected = DenseItemKnn.Truncate(DenseSimilarities(train, weighting == ItemKnnWeighting.Bm25), neighbours);
        ItemKnn knn = ItemKnn.Fit(train, weighting, neighbours, threads: 2);

        knn.Similarities.Validate();
        for (int i = 0; i < train.Columns; i++)
        {
            var actual = new double[train.Columns];
            for (int e = knn.Similarities.RowPointers[i]; e < knn.Similarities.RowPointers[i + 1]; e++) actual[knn.Similarities.ColumnIndices[e]] = knn.Similarities.Values[e];
            Assert.True(knn.Similarities.RowLength(i) <= neighbours);
            for (int j = 0; j < train.Columns; j++) Assert.True(Math.Abs(expected[i, j] - actual[j]) < Tolerance, $"sim({i}, {j}) = {actual[j]}, dense {expected[i, j]}");
        }

        int[] users = [.. Enumerable.Range(0, train.Rows)];
        const int count = 12;
        TopKResult top = knn.Recommend(users, train, count, threads: 2);
        foreach (int user in users)
        {
            (int Item, double Score)[] dense = DenseItemKnn.Top(Dense(train), expected, user, count);
            int[] items = top.ItemsOf(user).ToArray();
            float[] scores = top.ScoresOf(user).ToArray();
            for (int slot = 0; slot < count; slot++)
            {
                Assert.True(Math.Abs(dense[slot].Score - scores[slot]) < Tolerance * Math.Max(1, Math.Abs(dense[slot].Score)),
                    $"user {user}, slot {slot}: score {scores[slot]}, dense {dense[slot].Score}");
                // Same item, unless the dense score of a near-tie swapped the order within rounding.
                if (items[slot] != dense[slot].Item)
                    Assert.Contains(dense, pair => pair.Item == items[slot] && Math.Abs(pair.Score - dense[slot].Score) < Tolerance);
            }
            int[] played = train.RowColumns(user).ToArray();
            Assert.DoesNotContain(items, item => played.Contains(item));
        }
    }

    [Fact]
    public void Users_whose_neighbourhoods_reach_few_items_are_filled_with_zero_scores_in_index_order()
    {
        // Two disjoint groups: users 0-2 play items 0-2, users 3-5 play items 3-5; item 6 is played by user 6 alone.
        int[][] rows = [[0, 1], [1, 2], [0, 2], [3, 4], [4, 5], [3, 5], [6]];
        var pointers = new int[rows.Length + 1];
        for (int u = 0; u < rows.Length; u++) pointers[u + 1] = pointers[u] + rows[u].Length;
        int[] columns = [.. rows.SelectMany(r => r)];
        var train = new CsrMatrix(rows.Length, 7, pointers, columns, [.. columns.Select(_ => 1f)]);
        ItemKnn knn = ItemKnn.Fit(train, ItemKnnWeighting.Cosine, 10, threads: 1);
        TopKResult top = knn.Recommend([0], train, 5, threads: 1);
        Assert.Equal(2, top.ItemsOf(0)[0]);                    // the only reachable unplayed item
        Assert.True(top.ScoresOf(0)[0] > 0);
        Assert.Equal([2, 3, 4, 5, 6], top.ItemsOf(0).ToArray());
        Assert.Equal([0f, 0f, 0f, 0f], top.ScoresOf(0)[1..].ToArray());
    }

    [Fact]
    public void Evaluated_metrics_equal_those_of_the_dense_lists()
    {
        CsrMatrix train = Train(seed: 5, users: 50, items: 35);
        CsrMatrix test = RandomProblem.Block(new Random(6), 50, 35, 0.1);
        var testRows = new List<int>[50];
        for (int u = 0; u < 50; u++) testRows[u] = [.. test.RowColumns(u).ToArray().Where(i => !train.RowColumns(u).Contains(i))];
        var pointers = new int[51];
        for (int u = 0; u < 50; u++) pointers[u + 1] = pointers[u] + testRows[u].Count;
        int[] testColumns = [.. testRows.SelectMany(r => r)];
        test = new CsrMatrix(50, 35, pointers, testColumns, new float[testColumns.Length]);
        int[] users = RankingEvaluator.SampleUsers(test, 0, 1);
        int[] cutoffs = [1, 5, 10];

        RankingMetrics[] actual = RankingEvaluator.Evaluate(ItemKnn.Fit(train, ItemKnnWeighting.Cosine, 100, 2), train, test, users, cutoffs, 2);

        double[,] sim = DenseSimilarities(train, bm25: false);
        foreach ((int cutoff, RankingMetrics metrics) in cutoffs.Zip(actual))
        {
            var expected = new MetricsAccumulator(cutoff, 35);
            foreach (int user in users) expected.Add([.. DenseItemKnn.Top(Dense(train), sim, user, cutoff).Select(p => p.Item)], test.RowColumns(user));
            RankingMetrics dense = expected.Result();
            Assert.Equal(dense.Users, metrics.Users);
            Assert.Equal(dense.Precision, metrics.Precision, 12);
            Assert.Equal(dense.Recall, metrics.Recall, 12);
            Assert.Equal(dense.Ndcg, metrics.Ndcg, 12);
            Assert.Equal(dense.Map, metrics.Map, 12);
            Assert.Equal(dense.HitRate, metrics.HitRate, 12);
            Assert.Equal(dense.Coverage, metrics.Coverage, 12);
        }
        Assert.True(actual[2].Precision > 0);                    // the data gives the test something to find
    }

    [Fact]
    public void No_users_or_no_items_give_empty_results()
    {
        CsrMatrix train = Train(seed: 2);
        ItemKnn knn = ItemKnn.Fit(train, ItemKnnWeighting.Bm25, 5, threads: 2);
        Assert.Equal(0, knn.Recommend([], train, 10, threads: 2).Queries);
        var empty = new CsrMatrix(3, 0, new int[4], [], []);
        Assert.Equal(0, ItemKnn.Fit(empty, ItemKnnWeighting.Cosine, 5, threads: 2).Similarities.Rows);
    }
}
