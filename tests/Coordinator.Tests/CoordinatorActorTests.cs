using Akka.Actor;
using Akka.TestKit;
using Data.Store;
using Messages;

namespace Coordinator.Tests;

/// <summary>The coordinator actor with a TestProbe standing in for the block actors: barrier, stale answers, re-sends, the failure rule.</summary>
public sealed class CoordinatorActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly CoordinatorSettings Settings = new(TimeSpan.Zero, TimeSpan.FromMinutes(5)) { Tick = TimeSpan.FromHours(1) };   // ticks only when a test sends them

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private (IActorRef Coordinator, TestProbe Blocks, RecordingListener Listener, ManualClock Time, RunPlan Plan, FactorStore Store) Start(PlannedRun data, CoordinatorSettings? settings = null)
    {
        (RunPlan plan, FactorStore store) = data.Plan("run");
        TestProbe blocks = CreateTestProbe();
        var listener = new RecordingListener();
        var time = new ManualClock();
        IActorRef coordinator = Sys.ActorOf(CoordinatorActor.Props(new RunCoordinator(store, new CoordinatorClock()), plan.RunId, false, settings ?? Settings,
            blocks.Ref, listener, time, watchCluster: false));
        return (coordinator, blocks, listener, time, plan, store);
    }

    /// <summary>What a block actor does for <paramref name="command"/>: writes the block (zeros), then answers with its CRC.</summary>
    private static BlockSolved WrittenAnswer(RunPlan plan, FactorStore store, SolveBlock command)
    {
        int k = plan.Options.Factors;
        Linalg.Training.FactorSide side = command.Side == BlockSide.Users ? Linalg.Training.FactorSide.Users : Linalg.Training.FactorSide.Items;
        BlockRange range = (command.Side == BlockSide.Users ? plan.UserBlocks : plan.ItemBlocks)[command.BlockId];
        string crc = store.WriteBlock(plan.RunId, command.Iteration, side, range, new Linalg.Dense.FactorMatrix(range.Count, k));
        return Answer(command, k) with { BlockCrc32 = crc };
    }

    private static BlockSolved Answer(SolveBlock command, int factors, double value = 0)
    {
        byte[] bytes = GramPayload.Pack(Enumerable.Repeat(value, factors * factors).ToArray());
        return new(command.RunId, command.Attempt, command.Iteration, command.Side, command.BlockId, bytes, "00000000", 0, 0, 0, "probe", 1);
    }

    [Fact]
    public void Partial_grams_are_summed_in_block_order_whatever_order_the_answers_arrive_in()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait)).OrderBy(c => c.BlockId)];
        Assert.Equal(3, users.Length);
        // Doubles where the order of the sum shows: in block order (1 + 1e16) − 1e16 = 0 (1e16 + 1 rounds to 1e16),
        // in arrival order (−1e16 + 1e16) + 1 = 1.
        double[] values = [1, 1e16, -1e16];
        int k = run.Plan.Options.Factors;
        foreach (SolveBlock command in users.Reverse()) run.Coordinator.Tell(Answer(command, k, values[command.BlockId]), run.Blocks.Ref);
        Assert.Equal(BlockSide.Items, run.Blocks.ExpectMsg<SolveBlock>(Wait).Side);
        double[] committed = run.Store.ReadCommit(run.Plan.RunId, 1, Linalg.Training.FactorSide.Users)!.Gram;
        Assert.All(committed, value => Assert.Equal(0.0, value));
    }

    [Fact]
    public void Every_user_block_is_sent_once_and_the_items_half_step_waits_for_all_their_answers()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        Assert.Equal(Enumerable.Range(0, run.Plan.UserBlocks.Count), users.Select(c => c.BlockId).Order());
        Assert.All(users, c => Assert.Equal((BlockSide.Users, 1, 1), (c.Side, c.Iteration, c.Attempt)));

        foreach (SolveBlock command in users.SkipLast(1)) run.Coordinator.Tell(Answer(command, run.Plan.Options.Factors), run.Blocks.Ref);
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));                           // the barrier holds
        run.Coordinator.Tell(Answer(users[^1], run.Plan.Options.Factors), run.Blocks.Ref);
        SolveBlock item = run.Blocks.ExpectMsg<SolveBlock>(Wait);
        Assert.Equal(BlockSide.Items, item.Side);
    }

    [Fact]
    public async Task A_loss_that_is_not_finite_fails_the_run_naming_it_and_writes_no_checkpoint()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        string checkpoint = Path.Combine(run.Store.RunFolder(run.Plan.RunId), "checkpoint-000001.json");
        BlockSolved Written(SolveBlock command) => WrittenAnswer(run.Plan, run.Store, command);
        foreach (SolveBlock command in Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait)).ToList())
            run.Coordinator.Tell(Written(command), run.Blocks.Ref);
        // The item blocks carry the loss's observed terms: one of them overflowed.
        foreach (SolveBlock command in Enumerable.Range(0, run.Plan.ItemBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait)).ToList())
            run.Coordinator.Tell(Written(command) with { LossCorrection = command.BlockId == 0 ? double.NaN : 1, ConfidenceSum = 1, Entries = 1 }, run.Blocks.Ref);
        var metrics = new MetricsPartial(10, run.Plan.Items, 1, 0, 0, 0, 0, 0, new byte[(run.Plan.Items + 7) / 8]);
        foreach (EvaluateBlock command in Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<EvaluateBlock>(Wait)).ToList())
            run.Coordinator.Tell(new BlockEvaluated(command.RunId, command.Attempt, command.Iteration, command.BlockId, metrics, "probe", 1), run.Blocks.Ref);
        RunFinished finished = await run.Listener.WaitAsync(Wait);
        Assert.False(finished.Succeeded);
        Assert.Contains("the loss after iteration 1", finished.Error);
        Assert.False(File.Exists(checkpoint), "a checkpoint of a non-finite loss");
    }

    [Fact]
    public void The_checkpoint_is_written_only_after_both_commits_and_every_evaluation_of_its_iteration()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        string checkpoint = Path.Combine(run.Store.RunFolder(run.Plan.RunId), "checkpoint-000001.json");
        BlockSolved Written(SolveBlock command) => WrittenAnswer(run.Plan, run.Store, command);   // what a block actor does
        foreach (SolveBlock command in Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait)).ToList())
            run.Coordinator.Tell(Written(command), run.Blocks.Ref);
        SolveBlock[] items = [.. Enumerable.Range(0, run.Plan.ItemBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        Assert.NotNull(run.Store.ReadCommit(run.Plan.RunId, 1, Linalg.Training.FactorSide.Users));
        Assert.Null(run.Store.ReadCommit(run.Plan.RunId, 1, Linalg.Training.FactorSide.Items));
        foreach (SolveBlock command in items) run.Coordinator.Tell(Written(command), run.Blocks.Ref);
        EvaluateBlock[] evaluations = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<EvaluateBlock>(Wait))];
        Assert.NotNull(run.Store.ReadCommit(run.Plan.RunId, 1, Linalg.Training.FactorSide.Items));
        var metrics = new MetricsPartial(10, run.Plan.Items, 1, 0, 0, 0, 0, 0, new byte[(run.Plan.Items + 7) / 8]);
        foreach (EvaluateBlock command in evaluations.SkipLast(1))
            run.Coordinator.Tell(new BlockEvaluated(command.RunId, command.Attempt, command.Iteration, command.BlockId, metrics, "probe", 1), run.Blocks.Ref);
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        Assert.False(File.Exists(checkpoint), "a checkpoint before the last evaluation");
        EvaluateBlock last = evaluations[^1];
        run.Coordinator.Tell(new BlockEvaluated(last.RunId, last.Attempt, last.Iteration, last.BlockId, metrics, "probe", 1), run.Blocks.Ref);
        SolveBlock next = run.Blocks.ExpectMsg<SolveBlock>(Wait, $"the run went on; statuses: {string.Join(" | ", run.Listener.Statuses.Select(x => x.Message))} {run.Listener.Finished.Status}");
        Assert.Equal((2, BlockSide.Users), (next.Iteration, next.Side));
        Assert.True(File.Exists(checkpoint));
        Assert.Equal(1, Assert.Single(run.Listener.Iterations).Iteration);
    }

    [Fact]
    public void Stale_and_duplicate_answers_are_ignored()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        int k = run.Plan.Options.Factors;
        foreach (SolveBlock command in users.Skip(1))
        {
            run.Coordinator.Tell(Answer(command, k), run.Blocks.Ref);
            run.Coordinator.Tell(Answer(command, k), run.Blocks.Ref);                                   // duplicate
        }
        run.Coordinator.Tell(Answer(users[0] with { Attempt = 0 }, k), run.Blocks.Ref);                 // older attempt
        run.Coordinator.Tell(Answer(users[0] with { Iteration = 2 }, k), run.Blocks.Ref);               // other iteration
        run.Coordinator.Tell(Answer(users[0] with { RunId = Guid.NewGuid() }, k), run.Blocks.Ref);      // other run
        run.Coordinator.Tell(Answer(users[0] with { Side = BlockSide.Items }, k), run.Blocks.Ref);      // other phase
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        run.Coordinator.Tell(Answer(users[0], k), run.Blocks.Ref);
        Assert.Equal(BlockSide.Items, run.Blocks.ExpectMsg<SolveBlock>(Wait).Side);
    }

    [Fact]
    public void A_block_whose_deadline_passes_is_sent_again_and_only_that_block()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        foreach (SolveBlock command in users.Skip(1)) run.Coordinator.Tell(Answer(command, run.Plan.Options.Factors), run.Blocks.Ref);
        run.Time.Advance(Settings.InitialDeadline - TimeSpan.FromSeconds(1));
        run.Coordinator.Tell(CoordinatorActor.Tick.Instance);
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        run.Time.Advance(TimeSpan.FromSeconds(2));
        run.Coordinator.Tell(CoordinatorActor.Tick.Instance);
        Assert.Equal(users[0], run.Blocks.ExpectMsg<SolveBlock>(Wait));
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void When_a_worker_node_is_removed_every_pending_block_is_sent_again()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        run.Coordinator.Tell(Answer(users[0], run.Plan.Options.Factors), run.Blocks.Ref);
        run.Coordinator.Tell(new WorkerMembership(1, Removed: true));
        SolveBlock[] again = [.. users.Skip(1).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        Assert.Equal(users.Skip(1).Select(c => c.BlockId).Order(), again.Select(c => c.BlockId).Order());
        run.Coordinator.Tell(Answer(users[1], run.Plan.Options.Factors), run.Blocks.Ref);
        // And once more a little later (a command sent at once may still reach the removed node): only what is still pending.
        SolveBlock[] later = [.. users.Skip(2).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Settings.RemovalResendDelay + Wait))];
        Assert.Equal(users.Skip(2).Select(c => c.BlockId).Order(), later.Select(c => c.BlockId).Order());
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_failed_block_is_retried_then_the_run_fails_with_its_cause()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        SolveBlock doomed = users[1];
        for (int retry = 1; retry <= Settings.MaxRetries; retry++)
        {
            run.Coordinator.Tell(new BlockFailed(doomed.RunId, doomed.Attempt, doomed.Iteration, "solve users", doomed.BlockId, "IOException: disk full", "probe"));
            Assert.Equal(doomed, run.Blocks.ExpectMsg<SolveBlock>(Wait));
        }
        run.Coordinator.Tell(new BlockFailed(doomed.RunId, doomed.Attempt, doomed.Iteration, "solve users", doomed.BlockId, "IOException: disk full", "probe"));
        RunFinished finished = await run.Listener.WaitAsync(Wait);
        Assert.False(finished.Succeeded);
        Assert.Contains("solve users block 1 of iteration 1", finished.Error);
        Assert.Contains("IOException: disk full", finished.Error);
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Without_a_finished_block_until_the_stall_timeout_the_run_fails_saying_so()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data);
        run.Coordinator.Tell(new WorkerMembership(0, Removed: false));
        _ = Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait)).ToList();
        run.Coordinator.Tell(CoordinatorActor.Tick.Instance);
        AwaitCondition(() => run.Listener.Statuses.Any(s => s.Message.StartsWith("Waiting for workers", StringComparison.Ordinal)), Wait);
        run.Time.Advance(Settings.StallTimeout);
        run.Coordinator.Tell(CoordinatorActor.Tick.Instance);
        RunFinished finished = await run.Listener.WaitAsync(Wait);
        Assert.False(finished.Succeeded);
        Assert.Contains("No block finished for 300 s", finished.Error);
    }

    [Fact]
    public void With_expected_workers_no_block_is_sent_until_that_many_shard_regions_have_registered()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data, Settings with { ExpectedWorkers = 2 });
        run.Blocks.ExpectMsg<Akka.Cluster.Sharding.GetCurrentRegions>(Wait);
        run.Coordinator.Tell(new Akka.Cluster.Sharding.CurrentRegions([new Address("akka.tcp", "als", "a", 1)]), run.Blocks.Ref);
        run.Blocks.ExpectNoMsg(TimeSpan.FromMilliseconds(300));                           // one region of two: still gathering
        run.Coordinator.Tell(new WorkerMembership(2, Removed: false));                    // a node joined: ask again
        run.Blocks.ExpectMsg<Akka.Cluster.Sharding.GetCurrentRegions>(Wait);
        run.Coordinator.Tell(new Akka.Cluster.Sharding.CurrentRegions([new Address("akka.tcp", "als", "a", 1), new Address("akka.tcp", "als", "b", 2)]), run.Blocks.Ref);
        SolveBlock[] users = [.. Enumerable.Range(0, run.Plan.UserBlocks.Count).Select(_ => run.Blocks.ExpectMsg<SolveBlock>(Wait))];
        Assert.Equal(Enumerable.Range(0, run.Plan.UserBlocks.Count), users.Select(c => c.BlockId).Order());
    }

    [Fact]
    public void Expected_workers_that_never_come_delay_the_start_only_until_the_wait_is_over()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var run = Start(data, Settings with { ExpectedWorkers = 3, ExpectedWorkersWait = TimeSpan.FromSeconds(30) });
        run.Blocks.ExpectMsg<Akka.Cluster.Sharding.GetCurrentRegions>(Wait);
        run.Coordinator.Tell(new WorkerMembership(1, Removed: false));
        run.Blocks.ExpectMsg<Akka.Cluster.Sharding.GetCurrentRegions>(Wait);
        run.Time.Advance(TimeSpan.FromSeconds(30));
        run.Coordinator.Tell(CoordinatorActor.Tick.Instance);
        Assert.Equal(BlockSide.Users, run.Blocks.ExpectMsg<SolveBlock>(Wait).Side);
        Assert.Contains(run.Listener.Statuses, s => s.Message == "1 of 3 worker nodes joined within 30 s; starting with them.");
    }

    /// <summary>A clock the test moves by hand.</summary>
    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
