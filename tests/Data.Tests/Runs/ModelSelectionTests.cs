using Data.Runs;
using Data.Store;

namespace Data.Tests.Runs;

/// <summary>The keep-best and early-stopping rule on hand-made metric rows.</summary>
public sealed class ModelSelectionTests
{
    private static IterationMetrics Row(int iteration, double? validationNdcg, double testNdcg = 0.5) =>
        new(iteration, 1, 1, 0.1, 0.1, testNdcg, 0.1, 0.5, 0.3, 10, 100, 0.1, validationNdcg, validationNdcg is null ? null : 50);

    [Fact]
    public void The_best_is_the_highest_validation_ndcg_the_earliest_of_equal_ones_and_the_test_ndcg_plays_no_part()
    {
        IterationMetrics[] rows = [Row(1, 0.10, testNdcg: 0.9), Row(2, 0.30), Row(3, 0.25, testNdcg: 0.99), Row(4, 0.30), Row(5, 0.29)];
        Assert.Equal(2, ModelSelection.BestIteration(rows));
        Assert.Equal(2, ModelSelection.BestIteration(rows.Reverse()));                          // order of the rows does not matter
        Assert.Null(ModelSelection.BestIteration([Row(1, null), Row(2, null)]));
    }

    [Theory]
    [InlineData(5, 2, 3, true)]     // three iterations after the best: stop
    [InlineData(4, 2, 3, false)]
    [InlineData(3, 2, 1, true)]
    [InlineData(9, 2, null, false)] // no early stopping
    public void Early_stopping_counts_iterations_since_the_best(int iteration, int best, int? patience, bool stops) =>
        Assert.Equal(stops, ModelSelection.StopsAfter(iteration, best, patience));

    [Fact]
    public void Keep_best_keeps_the_best_and_says_why_and_whether_the_run_stopped_early()
    {
        IterationMetrics[] rows = [Row(1, 0.1), Row(2, 0.3), Row(3, 0.2), Row(4, 0.25), Row(5, 0.28), Row(6, 0.9)];   // row 6: after the end, ignored
        ModelSelection kept = ModelSelection.Choose(rows, lastIteration: 5, plannedIterations: 10, new ValidationOptions(100, 0.2, KeepBest: true, EarlyStopping: 3));
        Assert.Equal((2, 5, ModelSelection.BestRule, 0.3, true), (kept.KeptIteration, kept.LastIteration, kept.Rule, kept.ValidationNdcg!.Value, kept.StoppedEarly));
        Assert.Equal("iteration 2 of 5, the best validation NDCG@10 (0.3000; --keep-best); stopped early after iteration 5 of 10: 3 iterations without " +
            "a better validation NDCG@10 (--early-stopping 3)", kept.Reason);

        ModelSelection last = ModelSelection.Choose(rows, 5, 5, new ValidationOptions(100, 0.2, KeepBest: false, EarlyStopping: null));
        Assert.Equal((5, ModelSelection.LastRule, false), (last.KeptIteration, last.Rule, last.StoppedEarly));
        Assert.Contains("best 0.3000 at iteration 2", last.Reason, StringComparison.Ordinal);

        ModelSelection none = ModelSelection.Choose([Row(1, null), Row(2, null)], 2, 2, validation: null);
        Assert.Equal((2, ModelSelection.LastRule, (double?)null), (none.KeptIteration, none.Rule, none.ValidationNdcg));
    }
}
