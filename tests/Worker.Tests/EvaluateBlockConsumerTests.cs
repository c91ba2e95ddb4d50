using Data.Store;
using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Sparse;
using Linalg.Training;
using MassTransit.Testing;
using Messages;

namespace Worker.Tests;

public sealed class EvaluateBlockConsumerTests
{
    [Fact]
    public async Task Block_evaluations_merged_equal_the_whole_model_evaluated_at_once()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run", evalUsers: 600);
        store.WriteAttempt(plan.RunId, 1);
        await using ActorHarness actors = await ActorHarness.StartAsync(store, coordinator: null, workers: 2);

        for (int block = 0; block < plan.UserBlocks.Count; block++) await actors.Publish(new EvaluateBlock(plan.RunId, 1, 0, block));

        for (int block = 0; block < plan.UserBlocks.Count; block++) await actors.Published<BlockEvaluated>(x => x.BlockId == block);
        BlockEvaluated[] answers = [.. actors.Harness.Published.Select<BlockEvaluated>().Select(x => x.Context.Message).OrderBy(x => x.BlockId)];
        Assert.Equal([0, 1, 2], answers.Select(a => a.BlockId));

        // Reference: the initial model scored over all sampled users at once, and the observed loss over all rows.
        AlsModel initial = AlsModel.Initial(plan.Users, plan.Items, plan.Options);
        CsrMatrix train = data.Dataset.LoadTrain(), test = data.Dataset.LoadTest();
        RankingMetrics expected = RankingEvaluator.EvaluateModel(initial.UserFactors, initial.ItemFactors, train, test, plan.EvalUsers, plan.Cutoff, 1);
        var merged = new MetricsAccumulator(plan.Cutoff, plan.Items);
        foreach (MetricsPartial m in answers.Select(a => a.Metrics))
            merged.Merge(new MetricsState(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered));
        RankingMetrics actual = merged.Result();
        Assert.Equal(expected.Users, actual.Users);
        Assert.True(actual.Users > 0);
        Assert.Equal(expected.Precision, actual.Precision, 12);
        Assert.Equal(expected.Recall, actual.Recall, 12);
        Assert.Equal(expected.Ndcg, actual.Ndcg, 12);
        Assert.Equal(expected.Map, actual.Map, 12);
        Assert.Equal(expected.Coverage, actual.Coverage, 12);

        ObservedLossTerms whole = ImplicitLoss.Observed(train, initial.UserFactors, initial.ItemFactors, plan.Options);
        Assert.Equal(whole.Entries, answers.Sum(a => a.Entries));
        Assert.Equal(whole.ConfidenceSum, answers.Sum(a => a.ConfidenceSum), whole.ConfidenceSum * 1e-12);
        Assert.Equal(whole.Correction, answers.Sum(a => a.LossCorrection), Math.Abs(whole.Correction) * 1e-9);
    }
}
