using Linalg.Als;
using Linalg.Sparse;
using Linalg.Training;

namespace Linalg.Tests.Als;

public sealed class Bm25ConfidenceTests
{
    // 5 users × 4 items, dense; 0 = not played. Item 3 is played by 4 of 5 users, so ln 5 − ln 5 = 0: its idf floor.
    private static readonly float[,] Plays =
    {
        { 3, 0, 250, 1 },
        { 0, 7, 0, 2 },
        { 40, 0, 0, 9 },
        { 0, 0, 0, 0 },
        { 1, 1, 1, 1 },
    };

    /// <summary>
    /// The formula written out over the dense matrix, as <c>implicit</c>'s bm25_weight computes it: N rows, idf from
    /// the count of users per item, the length norm from each user's play total over the mean total of all N users.
    /// </summary>
    private static double[,] DenseReference(float alpha)
    {
        const double k1 = 100, b = 0.8;
        int users = Plays.GetLength(0), items = Plays.GetLength(1);
        var totals = new double[users];
        var documents = new int[items];
        for (int u = 0; u < users; u++)
            for (int i = 0; i < items; i++)
            {
                totals[u] += Plays[u, i];
                if (Plays[u, i] > 0) documents[i]++;
            }
        double mean = totals.Average();
        var result = new double[users, items];
        for (int u = 0; u < users; u++)
            for (int i = 0; i < items; i++)
            {
                if (Plays[u, i] == 0) continue;
                double idf = Math.Max(0, Math.Log(users) - Math.Log(1 + documents[i]));
                double norm = (1 - b) + b * totals[u] / mean;
                result[u, i] = 1 + alpha * (Plays[u, i] * (k1 + 1) / (k1 * norm + Plays[u, i]) * idf);
            }
        return result;
    }

    private static CsrMatrix Sparse()
    {
        var rows = new List<int>();
        var columns = new List<int>();
        var values = new List<float>();
        for (int u = 0; u < Plays.GetLength(0); u++)
            for (int i = 0; i < Plays.GetLength(1); i++)
                if (Plays[u, i] > 0)
                {
                    rows.Add(u);
                    columns.Add(i);
                    values.Add(Plays[u, i]);
                }
        return CsrMatrix.FromCoordinates(Plays.GetLength(0), Plays.GetLength(1), rows.ToArray(), columns.ToArray(), values.ToArray(), out _);
    }

    [Fact]
    public void User_rows_and_item_rows_get_the_dense_reference_confidences()
    {
        const float alpha = 0.5f;
        double[,] expected = DenseReference(alpha);
        CsrMatrix byUser = Sparse().WithRowSide(FactorSide.Users);
        CsrMatrix byItem = byUser.Transpose();
        Assert.Equal(FactorSide.Items, byItem.RowSide);
        var options = new AlsOptions { Confidence = ConfidenceMode.Bm25, Alpha = alpha, Bm25 = Bm25Statistics.From(byUser) };

        var confidence = new float[4];
        for (int u = 0; u < byUser.Rows; u++)
        {
            Confidence.ComputeRow(byUser, u, options, confidence);
            ReadOnlySpan<int> items = byUser.RowColumns(u);
            for (int j = 0; j < items.Length; j++) Assert.Equal(expected[u, items[j]], confidence[j], 1e-5);
        }
        var checkedItems = 0;
        confidence = new float[5];
        for (int i = 0; i < byItem.Rows; i++)
        {
            Confidence.ComputeRow(byItem, i, options, confidence);
            ReadOnlySpan<int> users = byItem.RowColumns(i);
            for (int j = 0; j < users.Length; j++, checkedItems++) Assert.Equal(expected[users[j], i], confidence[j], 1e-5);
        }
        Assert.Equal(byUser.NonZeros, checkedItems);
        Assert.True(expected[0, 2] > expected[0, 0], "250 plays weigh more than 3 for the same user");
        Assert.Equal(1.0, expected[0, 3], 12);                                  // the floor of idf: confidence 1
    }

    [Fact]
    public void Both_sides_give_each_entry_the_same_confidence_bit_for_bit()
    {
        CsrMatrix byUser = Sparse().WithRowSide(FactorSide.Users), byItem = byUser.Transpose();
        var options = new AlsOptions { Confidence = ConfidenceMode.Bm25, Alpha = 3, Bm25 = Bm25Statistics.From(byUser) };
        var fromUsers = new Dictionary<(int, int), float>();
        var row = new float[5];
        for (int u = 0; u < byUser.Rows; u++)
        {
            Confidence.ComputeRow(byUser, u, options, row);
            for (int j = 0; j < byUser.RowLength(u); j++) fromUsers[(u, byUser.RowColumns(u)[j])] = row[j];
        }
        for (int i = 0; i < byItem.Rows; i++)
        {
            Confidence.ComputeRow(byItem, i, options, row);
            for (int j = 0; j < byItem.RowLength(i); j++) Assert.Equal(fromUsers[(byItem.RowColumns(i)[j], i)], row[j]);
        }
    }

    [Fact]
    public void Without_statistics_or_a_side_the_bm25_confidence_says_what_is_missing()
    {
        CsrMatrix plain = Sparse();
        var noStatistics = new AlsOptions { Confidence = ConfidenceMode.Bm25 };
        var error = Assert.Throws<InvalidOperationException>(() => Confidence.ComputeRow(plain.WithRowSide(FactorSide.Users), 0, noStatistics, new float[4]));
        Assert.Contains("document frequencies", error.Message);
        var withStatistics = noStatistics with { Bm25 = Bm25Statistics.From(plain) };
        error = Assert.Throws<InvalidOperationException>(() => Confidence.ComputeRow(plain, 0, withStatistics, new float[4]));
        Assert.Contains("users or items", error.Message);
    }

    [Fact]
    public void The_alpha_bound_covers_bm25_through_its_largest_weight()
    {
        var statistics = Bm25Statistics.From(Sparse());
        double largestWeight = (Bm25Statistics.K1 + 1) * Math.Log(5);
        var fine = new AlsOptions { Confidence = ConfidenceMode.Bm25, Bm25 = statistics, Alpha = (float)(Confidence.MaxConfidence / largestWeight / 2) };
        Confidence.EnsureBounded(1e6f, fine);
        var tooLarge = fine with { Alpha = (float)(Confidence.MaxConfidence / largestWeight * 2) };
        var error = Assert.Throws<ArgumentException>(() => Confidence.EnsureBounded(1f, tooLarge));
        Assert.Contains("--confidence bm25", error.Message);
        Assert.Contains("--alpha", error.Message);
        // Before the data is known (option parsing) the bound assumes the most users a matrix can hold.
        Assert.Throws<ArgumentException>(() => new AlsOptions { Confidence = ConfidenceMode.Bm25, Alpha = 1e7f }.Validate());
        new AlsOptions { Confidence = ConfidenceMode.Bm25, Alpha = 1e5f }.Validate();
    }

    [Fact]
    public void Training_with_bm25_lowers_the_loss_and_is_identical_for_any_thread_count()
    {
        CsrMatrix userItems = RandomProblem.Block(new Random(33), 200, 120, density: 0.06, maxPlays: 500);
        float[]? reference = null;
        foreach (int threads in new[] { 1, 3 })
        {
            var losses = new List<double>();
            AlsModel model = new ImplicitAlsTrainer(new AlsOptions
            {
                Factors = 8, Iterations = 4, Confidence = ConfidenceMode.Bm25, Alpha = 2, Solver = AlsSolver.Cholesky, Threads = threads,
            }).Fit(userItems, onIteration: report => losses.Add(report.Loss!.Value.Total));
            Assert.True(losses[^1] < losses[0], $"loss {losses[^1]} after {losses[0]}");
            float[] both = [.. model.UserFactors.Values, .. model.ItemFactors.Values];
            reference ??= both;
            Assert.True(reference.AsSpan().SequenceEqual(both), $"{threads} threads differ from 1");
        }
    }
}
