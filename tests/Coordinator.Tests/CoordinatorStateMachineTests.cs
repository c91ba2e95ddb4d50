using Data.Factors;
using Data.Store;
using Linalg.Training;
using MassTransit.Testing;
using Messages;
using Worker;

namespace Coordinator.Tests;

/// <summary>
/// The coordinator alone on the harness; the test plays the workers, answering with blocks it solves itself
/// (<see cref="BlockWorker"/>), and watches what the coordinator publishes.
/// </summary>
public sealed class CoordinatorStateMachineTests
{
    private static readonly CoordinatorSettings Patient = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    [Fact]
    public async Task Start_sends_one_SolveBlock_per_user_block_of_iteration_one_and_nothing_else()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        await using ActorHarness actors = await ActorHarness.StartAsync(store, Patient, workers: 0);

        await actors.Publish(new StartRun(plan.RunId, Resume: false));

        Assert.NotNull(await actors.Coordinator.Exists(plan.RunId, machine => machine.SolvingUsers));
        await actors.Sent<SolveBlock>(x => x.BlockId == 2);
        await actors.Consumed<StartRun>(1);
        SolveBlock[] sent = [.. actors.SentMessages<SolveBlock>().OrderBy(m => m.BlockId)];
        Assert.Equal([new(plan.RunId, 1, 1, BlockSide.Users, 0), new(plan.RunId, 1, 1, BlockSide.Users, 1), new SolveBlock(plan.RunId, 1, 1, BlockSide.Users, 2)], sent);
        Assert.Equal(1, store.ReadAttempt(plan.RunId));
        Assert.Empty(actors.SentMessages<EvaluateBlock>());
    }

    [Fact]
    public async Task Stale_and_duplicate_answers_are_ignored_and_the_barrier_commits_the_block_sum_of_partial_grams()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        await using ActorHarness actors = await ActorHarness.StartAsync(store, Patient, workers: 0);
        await actors.Publish(new StartRun(plan.RunId, Resume: false));
        Assert.NotNull(await actors.Coordinator.Exists(plan.RunId, machine => machine.SolvingUsers));
        var worker = new BlockWorker(store, 1);
        BlockSolved[] answers = [.. Enumerable.Range(0, 3).Select(block => Answer(worker, plan, attempt: 1, iteration: 1, BlockSide.Users, block))];

        // Replays from an older attempt, another iteration, the other side: none counts.
        await actors.Publish(answers[0] with { Attempt = 0 });
        await actors.Publish(answers[1] with { Iteration = 2 });
        await actors.Publish(answers[2] with { Side = BlockSide.Items });
        // Block 0 answered twice, block 1 once: still one block missing.
        await actors.Publish(answers[0]);
        await actors.Publish(answers[0]);
        await actors.Publish(answers[1]);
        await actors.Consumed<BlockSolved>(6);
        Assert.DoesNotContain(actors.SentMessages<SolveBlock>(), x => x.Side == BlockSide.Items);
        Assert.Null(store.ReadCommit(plan.RunId, 1, FactorSide.Users));

        await actors.Publish(answers[2]);
        await actors.Consumed<BlockSolved>(7);
        await actors.Sent<SolveBlock>(x => x.Side == BlockSide.Items && x.BlockId == 1);
        Assert.Equal([0, 1], actors.SentMessages<SolveBlock>().Where(x => x.Side == BlockSide.Items)
            .Select(x => x.BlockId).Order());

        // The commit holds X(1)ᵀX(1), computed here from the three blocks on disk, and the blocks' checksums.
        HalfStepCommit commit = store.ReadCommit(plan.RunId, 1, FactorSide.Users)!;
        int k = plan.Options.Factors;
        var expected = new double[k * k];
        for (int block = 0; block < 3; block++)
        {
            FactorMatrixRows(store.BlockPath(plan.RunId, 1, FactorSide.Users, block), expected, k);
            Assert.Equal(answers[block].BlockCrc32, commit.BlockCrc32[block]);
        }
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], commit.Gram[i], 1e-9 * (1 + Math.Abs(expected[i])));
    }

    [Fact]
    public async Task A_worker_failure_of_the_current_attempt_fails_the_run_with_the_workers_words_and_a_resume_starts_afresh()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        await using ActorHarness actors = await ActorHarness.StartAsync(store, Patient, workers: 0);
        await actors.Publish(new StartRun(plan.RunId, Resume: false));
        Assert.NotNull(await actors.Coordinator.Exists(plan.RunId, machine => machine.SolvingUsers));

        await actors.Publish(new BlockFailed(plan.RunId, 0, 1, "solve users", 1, "an old attempt's trouble", "w0"));
        await actors.Consumed<BlockFailed>(1);
        Assert.Empty(actors.Harness.Published.Select<RunFinished>());

        await actors.Publish(new BlockFailed(plan.RunId, 1, 1, "solve users", 1, "block-00001.alsf: checksum mismatch", "w1"));
        RunFinished finished = await actors.Probe.Finished(plan.RunId);
        Assert.False(finished.Succeeded);
        Assert.Contains("solve users block 1 of iteration 1 failed on w1: block-00001.alsf: checksum mismatch", finished.Error);

        // The failed instance is removed (once its last transaction ends): a resume starts attempt 2 afresh.
        await actors.Coordinator.NotExists(plan.RunId);
        await actors.Publish(new StartRun(plan.RunId, Resume: true));
        await actors.Sent<SolveBlock>(x => x.Attempt == 2 && x.Iteration == 1);
    }

    [Fact]
    public async Task With_no_worker_the_run_says_it_waits_then_fails_clearly_at_the_timeout()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        var settings = new CoordinatorSettings(StallNotice: TimeSpan.FromMilliseconds(200), StallTimeout: TimeSpan.FromSeconds(2));
        await using ActorHarness actors = await ActorHarness.StartAsync(store, settings, workers: 0);
        await actors.Publish(new StartRun(plan.RunId, Resume: false));
        Assert.NotNull(await actors.Coordinator.Exists(plan.RunId, machine => machine.SolvingUsers));

        await Task.Delay(400);
        await actors.Publish(new CheckProgress(plan.RunId));
        await actors.Consumed<CheckProgress>(1);
        await actors.Published<RunStatus>(_ => true);
        Assert.Contains(actors.Probe.Statuses, s => s.Message.StartsWith("Waiting for workers", StringComparison.Ordinal) && s.Message.Contains("3 blocks pending", StringComparison.Ordinal));
        Assert.Empty(actors.Harness.Published.Select<RunFinished>());

        await Task.Delay(1800);
        await actors.Publish(new CheckProgress(plan.RunId));
        RunFinished finished = await actors.Probe.Finished(plan.RunId);
        Assert.False(finished.Succeeded);
        Assert.Contains("No block finished", finished.Error);
        Assert.Contains("--resume", finished.Error);
    }

    private static BlockSolved Answer(BlockWorker worker, RunPlan plan, int attempt, int iteration, BlockSide side, int block)
    {
        SolveResult result = worker.Solve(plan.RunId, iteration, side == BlockSide.Users ? FactorSide.Users : FactorSide.Items, block);
        byte[] gram = new byte[result.PartialGram.Length * sizeof(double)];
        Buffer.BlockCopy(result.PartialGram, 0, gram, 0, gram.Length);
        return new BlockSolved(plan.RunId, attempt, iteration, side, block, gram, result.BlockCrc32, "test", 0);
    }

    private static void FactorMatrixRows(string path, double[] gram, int k)
    {
        float[] values = FactorFile.Read(path).Factors.Values;
        for (int r = 0; r < values.Length / k; r++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    gram[i * k + j] += (double)values[r * k + i] * values[r * k + j];
    }
}
