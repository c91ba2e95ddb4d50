using Akka.Actor;
using Data.Store;
using Linalg.Training;
using Messages;
using Worker;

namespace Worker.Tests;

/// <summary>A block actor with a probe as its coordinator: commands in, answers out.</summary>
public sealed class BlockActorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public void A_solve_writes_a_block_whose_crc_is_the_answers_and_the_rows_are_loaded_once_across_iterations()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: 1);
        IActorRef users = Sys.ActorOf(BlockActor.Props("users-1", worker, new WorkerIdentity("test", 1), new BlockLog(null)));

        users.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Users, 1));
        BlockSolved solved = ExpectMsg<BlockSolved>(Wait);
        Assert.Equal((plan.RunId, 1, BlockSide.Users, 1), (solved.RunId, solved.Iteration, solved.Side, solved.BlockId));
        Assert.Equal(GramPayload.TriangleLength(plan.Options.Factors) * sizeof(double), solved.PartialGram.Length);   // the upper triangle travels
        string file = store.BlockPath(plan.RunId, 1, FactorSide.Users, 1);
        _ = Data.Factors.FactorFile.Read(file, out uint crc);                           // the CRC of the file as written, read back
        Assert.Equal(FactorStore.FormatCrc(crc), solved.BlockCrc32);

        users.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Users, 1));             // a re-send: the same answer, not a second solve
        Assert.Equal(solved.BlockCrc32, ExpectMsg<BlockSolved>(Wait).BlockCrc32);
        Assert.Equal(1, worker.RatingLoads);
        Assert.Equal(1, worker.FinishedBlocks);
    }

    [Fact]
    public void A_damaged_rating_block_is_answered_with_BlockFailed_naming_the_block_and_the_cause()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        foreach (string part in Directory.GetFiles(Path.Combine(plan.Dataset, "train", "by_item"), "*.parquet", SearchOption.AllDirectories)) File.WriteAllBytes(part, [1, 2, 3]);
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: 1);
        IActorRef items = Sys.ActorOf(BlockActor.Props("items-0", worker, new WorkerIdentity("test", 1), new BlockLog(null)));

        items.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Items, 0));
        BlockFailed failed = ExpectMsg<BlockFailed>(Wait);
        Assert.Equal(("solve items", 0, 1), (failed.Work, failed.BlockId, failed.Iteration));
        Assert.Contains("parquet", failed.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void A_dataset_prepared_again_after_the_run_was_planned_is_refused_before_its_rows_are_used()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        File.AppendAllText(Path.Combine(plan.Dataset, "manifest.json"), "\n");             // another manifest: the dataset changed in place
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: 1);
        IActorRef users = Sys.ActorOf(BlockActor.Props("users-0", worker, new WorkerIdentity("test", 1), new BlockLog(null)));

        users.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Users, 0));
        BlockFailed failed = ExpectMsg<BlockFailed>(Wait);
        Assert.Contains("was prepared again after run " + plan.RunId.ToString("N"), failed.Error);
        Assert.Equal(0, worker.RatingLoads);
        Assert.False(File.Exists(store.BlockPath(plan.RunId, 1, FactorSide.Users, 0)));
    }

    [Fact]
    public void Cholesky_on_a_singular_system_is_answered_with_BlockFailed_naming_the_exception()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run", PlannedRun.DefaultOptions with { Regularization = 0, Solver = Linalg.Als.AlsSolver.Cholesky });
        // The fixed side all zeros with λ = 0: every user's system A = YᵀCᵤY + λI is the zero matrix.
        BlockFailed failed = SolveFirstUserBlockAgainst(plan, store, fill: 0f);
        Assert.Equal(("solve users", 0), (failed.Work, failed.BlockId));
        Assert.StartsWith(nameof(Linalg.Als.NotPositiveDefiniteException), failed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_solved_block_with_non_finite_values_is_answered_with_BlockFailed_naming_the_block_and_the_options()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        // A fixed side poisoned upstream (NaN): every solved user row becomes NaN, which must not be written.
        BlockFailed failed = SolveFirstUserBlockAgainst(plan, store, fill: float.NaN);
        Assert.Equal(("solve users", 0), (failed.Work, failed.BlockId));
        Assert.StartsWith(nameof(Linalg.Als.NonFiniteFactorsException), failed.Error, StringComparison.Ordinal);
        Assert.Contains("Users block 0 of iteration 1", failed.Error, StringComparison.Ordinal);
        Assert.Contains("--alpha", failed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(store.BlockPath(plan.RunId, 1, FactorSide.Users, 0)));
    }

    [Fact]
    public void A_store_that_cannot_be_written_is_answered_with_BlockFailed_naming_the_place()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        // Where iteration 1's folder must go stands a file (tests run as root, for whom permission bits do not forbid writes).
        string folder = Path.GetDirectoryName(Path.GetDirectoryName(store.BlockPath(plan.RunId, 1, FactorSide.Users, 0))!)!;
        File.WriteAllText(folder, "not a folder");
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: 1);
        IActorRef users = Sys.ActorOf(BlockActor.Props("users-0", worker, new WorkerIdentity("test", 1), new BlockLog(null)));

        users.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Users, 0));
        BlockFailed failed = ExpectMsg<BlockFailed>(Wait);
        Assert.Equal(("solve users", 0, 1), (failed.Work, failed.BlockId, failed.Iteration));
        Assert.Contains("iteration-000001", failed.Error);
    }

    [Fact]
    public void An_evaluation_answers_the_metric_sums_of_the_block_and_loads_its_test_rows_once()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: 1);
        IActorRef users = Sys.ActorOf(BlockActor.Props("users-0", worker, new WorkerIdentity("test", 1), new BlockLog(null)));

        users.Tell(new EvaluateBlock(plan.RunId, 0, 0, 0));
        BlockEvaluated first = ExpectMsg<BlockEvaluated>(Wait);
        int sampled = plan.EvalUsers.Count(u => u >= plan.UserBlocks[0].First && u < plan.UserBlocks[0].First + plan.UserBlocks[0].Count);
        Assert.True(sampled > 0, "the plan samples users of block 0");
        Assert.Equal(sampled, first.Metrics.Users);

        users.Tell(new EvaluateBlock(plan.RunId, 0, 0, 0) with { Attempt = 1 });
        MetricsPartial again = ExpectMsg<BlockEvaluated>(Wait).Metrics;
        Assert.Equal((first.Metrics.Users, first.Metrics.HitUsers, first.Metrics.Ndcg), (again.Users, again.HitUsers, again.Ndcg));
        Assert.Equal(first.Metrics.Covered, again.Covered);
        Assert.Equal(2, worker.RatingLoads);                                          // train and test rows, each once
    }

    /// <summary>Replaces iteration 0's item factors by <paramref name="fill"/> everywhere (zero Gram), then asks for users block 0 of iteration 1, which must fail.</summary>
    private BlockFailed SolveFirstUserBlockAgainst(RunPlan plan, FactorStore store, float fill)
    {
        int k = plan.Options.Factors;
        var crcs = plan.ItemBlocks.Select(block =>
        {
            var factors = new Linalg.Dense.FactorMatrix(block.Count, k);
            factors.Values.Fill(fill);
            return store.WriteBlock(plan.RunId, 0, FactorSide.Items, block, factors);
        }).ToArray();
        store.WriteCommit(plan.RunId, Coordinator.RunCoordinator.Commit(0, FactorSide.Items, k, [.. plan.ItemBlocks.Select(_ => new double[k * k])], crcs));
        using var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: false), threads: 1);
        IActorRef users = Sys.ActorOf(BlockActor.Props("users-0", worker, new WorkerIdentity("test", 1), new BlockLog(null)));
        users.Tell(new SolveBlock(plan.RunId, 0, 1, BlockSide.Users, 0));
        return ExpectMsg<BlockFailed>(Wait);
    }
}
