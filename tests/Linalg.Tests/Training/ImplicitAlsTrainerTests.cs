using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Sparse;
using Linalg.Training;

namespace Linalg.Tests.Training;

public sealed class ImplicitAlsTrainerTests
{
    [Theory]
    [InlineData(ConfidenceMode.Linear)]
    [InlineData(ConfidenceMode.Log)]
    public void Loss_decreases_every_iteration_with_the_exact_solver(ConfidenceMode mode)
    {
        CsrMatrix userItems = RandomProblem.Block(new Random(31), 150, 90, density: 0.08, maxPlays: 100);
        var options = new AlsOptions { Factors = 8, Solver = AlsSolver.Cholesky, Iterations = 12, Confidence = mode, Regularization = 0.05f };
        var losses = new List<double>();
        new ImplicitAlsTrainer(options).Fit(userItems, onIteration: report => losses.Add(report.Loss!.Value.Total));

        Assert.Equal(12, losses.Count);
        for (int i = 1; i < losses.Count; i++)
            Assert.True(losses[i] <= losses[i - 1] * (1 + 1e-9), $"iteration {i + 1}: loss {losses[i]:R} > {losses[i - 1]:R}");
        Assert.True(losses[^1] < losses[0]);
    }

    [Fact]
    public void Training_is_bitwise_identical_for_any_thread_count()
    {
        CsrMatrix userItems = RandomProblem.Block(new Random(32), 600, 300, density: 0.05, maxPlays: 100);
        float[]? reference = null;
        foreach (int threads in new[] { 1, 2, 4 })
        {
            AlsModel model = new ImplicitAlsTrainer(new AlsOptions { Factors = 16, Iterations = 3, Threads = threads })
                .Fit(userItems);
            float[] both = [.. model.UserFactors.Values, .. model.ItemFactors.Values];
            reference ??= both;
            Assert.True(reference.AsSpan().SequenceEqual(both), $"{threads} threads differ from 1");
        }
    }

    [Fact]
    public void A_planted_group_structure_is_learned_better_than_popularity()
    {
        // 4 taste groups of 50 items; each user listens within one group (plus noise). Held out: 3 items per user.
        var random = new Random(33);
        int users = 400, items = 200;
        var rows = new List<int>(); var columns = new List<int>(); var values = new List<float>();
        var testRows = new List<int>(); var testColumns = new List<int>();
        for (int user = 0; user < users; user++)
        {
            int group = user % 4;
            int[] picks = Enumerable.Range(0, 12).Select(_ => random.NextDouble() < 0.9 ? group * 50 + random.Next(50) : random.Next(items))
                .Distinct().ToArray();
            for (int j = 0; j < picks.Length; j++)
            {
                bool heldOut = j < 3;
                (heldOut ? testRows : rows).Add(user);
                (heldOut ? testColumns : columns).Add(picks[j]);
                if (!heldOut) values.Add(1 + random.Next(20));
            }
        }
        CsrMatrix train = CsrMatrix.FromCoordinates(users, items, rows.ToArray(), columns.ToArray(), values.ToArray(), out _);
        CsrMatrix test = CsrMatrix.FromCoordinates(users, items, testRows.ToArray(), testColumns.ToArray(), new float[testRows.Count], out _);
        AlsModel model = new ImplicitAlsTrainer(new AlsOptions { Factors = 16, Iterations = 10, Regularization = 0.1f }).Fit(train);

        int[] evaluated = RankingEvaluator.SampleUsers(test, 0, 1);
        RankingMetrics als = RankingEvaluator.EvaluateModel(model.UserFactors, model.ItemFactors, train, test, evaluated, 10, 2);
        RankingMetrics popularity = RankingEvaluator.EvaluatePopularity(train, test, evaluated, 10);
        Assert.True(als.Precision > 2 * popularity.Precision, $"ALS P@10 {als.Precision:F3} vs popularity {popularity.Precision:F3}");
    }

    [Fact]
    public void Sampled_users_are_seeded_sorted_and_have_test_items()
    {
        var test = new CsrMatrix(6, 3, [0, 1, 1, 2, 3, 3, 4], [0, 1, 2, 0], new float[4]);
        int[] all = RankingEvaluator.SampleUsers(test, 0, 7);
        Assert.Equal([0, 2, 3, 5], all);
        int[] two = RankingEvaluator.SampleUsers(test, 2, 7);
        Assert.Equal(two, RankingEvaluator.SampleUsers(test, 2, 7));
        Assert.Equal(2, two.Length);
        Assert.True(two[0] < two[1] && two.All(all.Contains));
    }
}
