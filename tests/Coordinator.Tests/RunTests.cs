using Data.Models;
using Data.Runs;
using Data.Store;
using Linalg.Als;
using Linalg.Training;
using Akka.Actor;
using Messages;
using Worker;

namespace Coordinator.Tests;

/// <summary>Whole runs: the coordinator actor and real block actors in one actor system (a local stand-in for the shard region).</summary>
public sealed class RunTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly CoordinatorSettings Patient = new(TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));

    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    /// <summary>A coordinator of <paramref name="run"/> on <paramref name="store"/> with real block actors solving <paramref name="workers"/> blocks at once.</summary>
    private (IActorRef Coordinator, RecordingListener Listener, List<object> Sent, BlockWorker Worker) Start(Guid run, FactorStore store, int workers, bool resume,
        Action<IterationCompleted, IActorRef>? afterIteration = null)
    {
        var worker = new BlockWorker(new FactorStore(store.Root, cacheBlocks: true), threads: workers, blocksInFlight: workers);
        var sent = new List<object>();
        IActorRef region = Sys.ActorOf(LocalBlockRegion.Props(worker, sent));
        var listener = new RecordingListener();
        IActorRef coordinator = ActorRefs.Nobody;
        if (afterIteration is not null) listener.AfterIteration = row => afterIteration(row, coordinator);
        coordinator = Sys.ActorOf(CoordinatorActor.Props(new RunCoordinator(store, new CoordinatorClock()), run, resume, Patient, region, listener,
            TimeProvider.System, watchCluster: false));
        return (coordinator, listener, sent, worker);
    }

    [Fact]
    public async Task Same_seed_gives_bitwise_identical_factors_with_1_2_and_4_workers_close_to_the_single_process_trainer()
    {
        using PlannedRun data = PlannedRun.Prepare();
        var results = new List<SavedModel>();
        foreach (int workers in new[] { 1, 2, 4 })
        {
            (RunPlan plan, FactorStore store) = data.Plan("run-" + workers);
            await RunToEnd(plan, store, workers);
            results.Add(ModelStore.Load(plan.RunFolder));
        }
        Assert.Equal(results[0].Model.UserFactors.Values, results[1].Model.UserFactors.Values);
        Assert.Equal(results[0].Model.ItemFactors.Values, results[1].Model.ItemFactors.Values);
        Assert.Equal(results[0].Model.UserFactors.Values, results[2].Model.UserFactors.Values);
        Assert.Equal(results[0].Model.ItemFactors.Values, results[2].Model.ItemFactors.Values);

        // The independent in-memory trainer (one matrix, no blocks, no messages) reaches the same factors but for
        // float rounding in differently ordered Gram sums.
        AlsModel reference = new ImplicitAlsTrainer(PlannedRun.DefaultOptions).Fit(data.Dataset.LoadTrain());
        float[] expected = reference.ItemFactors.ToArray(), actual = results[0].Model.ItemFactors.ToArray();
        double worst = 0, scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst < 1e-3 * scale, $"largest difference {worst} against a largest value {scale}");
    }

    [Fact]
    public async Task Bm25_confidence_gives_bitwise_identical_factors_with_1_and_3_workers_close_to_the_single_process_trainer()
    {
        using PlannedRun data = PlannedRun.Prepare();
        AlsOptions options = PlannedRun.DefaultOptions with { Confidence = ConfidenceMode.Bm25, Iterations = 2 };
        var results = new List<SavedModel>();
        foreach (int workers in new[] { 1, 3 })
        {
            (RunPlan plan, FactorStore store) = data.Plan("bm25-" + workers, options);
            Assert.NotNull(plan.Options.Bm25);                                  // counted once, at planning, and stored with the plan
            Bm25Statistics stored = new FactorStore(store.Root, cacheBlocks: true).ReadPlan(plan.RunId).Options.Bm25!;   // through run.json
            Assert.Equal(plan.Options.Bm25!.UserLengths, stored.UserLengths);
            Assert.Equal(plan.Options.Bm25.ItemDocuments, stored.ItemDocuments);
            Assert.Equal(plan.Options.Bm25.AverageLength, stored.AverageLength);
            await RunToEnd(plan, store, workers);
            results.Add(ModelStore.Load(plan.RunFolder));
        }
        Assert.Equal(results[0].Model.UserFactors.Values, results[1].Model.UserFactors.Values);
        Assert.Equal(results[0].Model.ItemFactors.Values, results[1].Model.ItemFactors.Values);

        AlsModel reference = new ImplicitAlsTrainer(options).Fit(data.Dataset.LoadTrain());
        float[] expected = reference.ItemFactors.ToArray(), actual = results[0].Model.ItemFactors.ToArray();
        double worst = 0, scale = expected.Max(Math.Abs);
        for (int i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        Assert.True(worst < 1e-3 * scale, $"largest difference {worst} against a largest value {scale}");
    }

    [Fact]
    public async Task Validation_rows_are_never_trained_on_and_score_the_iterations_like_the_in_memory_trainer()
    {
        using PlannedRun data = PlannedRun.Prepare();
        AlsOptions options = PlannedRun.DefaultOptions with { Iterations = 3 };
        var validation = new ValidationOptions(300, 0.2, KeepBest: false, EarlyStopping: null);
        (RunPlan plan, FactorStore store) = data.Plan("validated", options, validation: validation);
        await RunToEnd(plan, store, workers: 2);

        // The oracle: tune's split of the training rows (same seed), and the in-memory trainer on what is left.
        Linalg.Sparse.CsrMatrix train = data.Dataset.LoadTrain();
        Data.Interactions.ValidationSplitResult split = Data.Interactions.ValidationSplit.Carve(train, 300, 0.2, options.Seed);
        Assert.Equal(split.Users.Length, plan.Validation!.Users);
        Assert.Equal(split.Validation.NonZeros, plan.Validation.Rows);
        Linalg.Sparse.CsrMatrix stored = store.ReadValidation(plan.RunId);
        Assert.Equal(split.Validation.RowPointers, stored.RowPointers);
        Assert.Equal(split.Validation.ColumnIndices.AsSpan(0, split.Validation.NonZeros).ToArray(), stored.ColumnIndices);

        AlsModel reference = new ImplicitAlsTrainer(options).Fit(split.Train);
        AlsModel onEverything = new ImplicitAlsTrainer(options).Fit(train);
        float[] actual = ModelStore.Load(plan.RunFolder).Model.ItemFactors.ToArray();
        double worst = 0, scale = reference.ItemFactors.ToArray().Max(Math.Abs), apart = 0;
        for (int i = 0; i < actual.Length; i++)
        {
            worst = Math.Max(worst, Math.Abs(reference.ItemFactors.Values[i] - actual[i]));
            apart = Math.Max(apart, Math.Abs(onEverything.ItemFactors.Values[i] - actual[i]));
        }
        Assert.True(worst < 1e-3 * scale, $"largest difference {worst} against a largest value {scale}");
        Assert.True(apart > 100 * worst, $"training on every row would give nearly the same factors ({apart} against {worst}): the test cannot tell");

        // The last row's validation NDCG@10 is the reference model's, scored as tune scores a trial.
        var metrics = new Linalg.Evaluation.MetricsAccumulator(ValidationOptions.Cutoff, train.Columns);
        Linalg.Evaluation.RankingEvaluator.AddModel(reference.UserFactors, new Linalg.Ranking.ItemScorer(reference.ItemFactors), split.Train, split.Validation,
            split.Users, metrics, threads: 1);
        IterationMetrics last = RunDirectory.ReadMetrics(Path.Combine(plan.RunFolder, RunDirectory.MetricsFile))[^1];
        Assert.Equal(split.Users.Length, last.ValidationUsers);
        Assert.Equal(metrics.Result().Ndcg, last.ValidationNdcg!.Value, 2);
    }

    /// <summary>
    /// The per-iteration ranking metrics against a fresh evaluation of each iteration's stored factors (a new one-thread
    /// scorer, all sampled users at once). The node builds each iteration's scorer on its threads in the buffers of the
    /// previous one, so from iteration 2 on this checks the recycled scorers; a single list differing by one item moves
    /// P@10 by 1 / (10 · users), far above the tolerance, which covers only the order of the per-block sums.
    /// </summary>
    [Fact]
    public async Task Every_iterations_metrics_equal_a_fresh_evaluation_of_that_iterations_stored_factors()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("evaluated", keepCheckpoints: PlannedRun.DefaultOptions.Iterations);
        await RunToEnd(plan, store, workers: 2);

        Linalg.Sparse.CsrMatrix train = data.Dataset.LoadTrain(), test = data.Dataset.LoadTest();
        IReadOnlyList<IterationMetrics> rows = RunDirectory.ReadMetrics(Path.Combine(plan.RunFolder, RunDirectory.MetricsFile));
        Assert.Equal(PlannedRun.DefaultOptions.Iterations, rows.Count);
        const double tolerance = 1e-12;
        foreach (IterationMetrics row in rows)
        {
            Linalg.Dense.FactorMatrix users = store.ReadSide(plan.RunId, row.Iteration, FactorSide.Users, plan.UserBlocks, plan.Options.Factors);
            Linalg.Dense.FactorMatrix items = store.ReadSide(plan.RunId, row.Iteration, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
            var metrics = new Linalg.Evaluation.MetricsAccumulator(plan.Cutoff, plan.Items);
            Linalg.Evaluation.RankingEvaluator.AddModel(users, new Linalg.Ranking.ItemScorer(items), train, test, plan.EvalUsers, metrics, threads: 1);
            Linalg.Evaluation.RankingMetrics expected = metrics.Result();
            Assert.True(expected.Users > 100, $"only {expected.Users} test users: the comparison would say little");
            Assert.Equal(expected.Users, row.EvalUsers);
            Assert.Equal(expected.Precision, row.Precision, tolerance);
            Assert.Equal(expected.Recall, row.Recall, tolerance);
            Assert.Equal(expected.Ndcg, row.Ndcg, tolerance);
            Assert.Equal(expected.Map, row.Map, tolerance);
            Assert.Equal(expected.Coverage, row.Coverage, tolerance);
        }
    }

    [Fact]
    public async Task A_run_stopped_mid_way_and_resumed_ends_bitwise_identical_to_an_uninterrupted_run()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan whole, FactorStore wholeStore) = data.Plan("whole");
        await RunToEnd(whole, wholeStore, workers: 2);

        (RunPlan broken, FactorStore brokenStore) = data.Plan("broken");
        // Stopped when checkpoint 2 is written, with iteration 3 under way, like a coordinator process that is killed.
        var first = Start(broken.RunId, brokenStore, workers: 2, resume: false, (row, coordinator) =>
        {
            if (row.Iteration == 2) Sys.Stop(coordinator);
        });
        Watch(first.Coordinator);
        ExpectTerminated(first.Coordinator, Long);

        // A new coordinator (its own fresh store object, no cache) resumes.
        var resumedStore = new FactorStore(brokenStore.Root, cacheBlocks: true);
        var second = Start(broken.RunId, resumedStore, workers: 2, resume: true);
        RunFinished finished = await second.Listener.WaitAsync(Long);
        Assert.True(finished.Succeeded, finished.Error);
        Assert.Equal(2, finished.Attempt);
        Assert.Contains(second.Listener.Statuses, s => s.Message.Contains("resuming after checkpoint 2", StringComparison.Ordinal));

        SavedModel a = ModelStore.Load(whole.RunFolder), b = ModelStore.Load(broken.RunFolder);
        Assert.Equal(a.Model.UserFactors.Values, b.Model.UserFactors.Values);
        Assert.Equal(a.Model.ItemFactors.Values, b.Model.ItemFactors.Values);
        IReadOnlyList<IterationMetrics> rowsA = RunDirectory.ReadMetrics(Path.Combine(whole.RunFolder, RunDirectory.MetricsFile));
        IReadOnlyList<IterationMetrics> rowsB = RunDirectory.ReadMetrics(Path.Combine(broken.RunFolder, RunDirectory.MetricsFile));
        Assert.Equal([1, 2, 3, 4], rowsB.Select(r => r.Iteration));
        Assert.Equal(rowsA.Select(r => (r.Loss, r.Precision, r.Ndcg)), rowsB.Select(r => (r.Loss, r.Precision, r.Ndcg)));
    }

    [Fact]
    public async Task A_corrupted_block_of_the_newest_checkpoint_is_detected_at_resume_and_the_previous_checkpoint_is_used()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        await RunToEnd(plan, store, workers: 2);
        float[] users = ModelStore.Load(plan.RunFolder).Model.UserFactors.ToArray();
        string block = store.BlockPath(plan.RunId, 4, FactorSide.Users, 1);
        byte[] bytes = File.ReadAllBytes(block);
        bytes[FactorFileHeaderSize + 5] ^= 0x01;
        File.WriteAllBytes(block, bytes);

        var resumedStore = new FactorStore(store.Root, cacheBlocks: true);
        var actors = Start(plan.RunId, resumedStore, workers: 2, resume: true);
        RunFinished finished = await actors.Listener.WaitAsync(Long);

        Assert.True(finished.Succeeded, finished.Error);
        RunStatus notice = Assert.Single(actors.Listener.Statuses, s => s.Message.StartsWith("Checkpoint 4 cannot be used", StringComparison.Ordinal));
        Assert.Contains("block-00001", notice.Message);
        Assert.Contains(actors.Listener.Statuses, s => s.Message.Contains("resuming after checkpoint 3", StringComparison.Ordinal));
        Assert.Equal(users, ModelStore.Load(plan.RunFolder).Model.UserFactors.Values);
        Assert.Equal([1, 2, 3, 4], RunDirectory.ReadMetrics(Path.Combine(plan.RunFolder, RunDirectory.MetricsFile)).Select(r => r.Iteration));
    }

    [Fact]
    public async Task From_the_second_iteration_on_the_blocks_of_a_half_step_are_sent_slowest_first_by_their_previous_time()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        var actors = Start(plan.RunId, store, workers: 2, resume: false);
        RunFinished finished = await actors.Listener.WaitAsync(Long);
        Assert.True(finished.Succeeded, finished.Error);

        SolveBlock[] sent;
        BlockSolved[] solved;
        lock (actors.Sent)
        {
            sent = [.. actors.Sent.OfType<SolveBlock>()];
            solved = [.. actors.Sent.OfType<BlockSolved>()];
        }
        foreach ((BlockSide side, int blocks) in new[] { (BlockSide.Users, plan.UserBlocks.Count), (BlockSide.Items, plan.ItemBlocks.Count) })
        {
            Assert.Equal(Enumerable.Range(0, blocks), sent.Where(x => x.Side == side && x.Iteration == 1).Select(x => x.BlockId));
            for (int iteration = 2; iteration <= plan.Options.Iterations; iteration++)
            {
                Dictionary<int, double> previous = solved.Where(x => x.Side == side && x.Iteration == iteration - 1).ToDictionary(x => x.BlockId, x => x.Seconds);
                int[] expected = [.. Enumerable.Range(0, blocks).OrderByDescending(block => previous[block]).ThenBy(block => block)];
                Assert.Equal(expected, sent.Where(x => x.Side == side && x.Iteration == iteration).Select(x => x.BlockId));
            }
        }
    }

    [Fact]
    public void A_checkpoint_is_written_only_once_every_block_and_commit_of_its_iteration_is_flushed_to_disk()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        Assert.Equal(plan.UserBlocks.Count + plan.ItemBlocks.Count + 2, store.FilesFlushed);     // checkpoint 0 of the planner: blocks and commits

        foreach (string file in Directory.GetFiles(store.RunFolder(plan.RunId), "checkpoint-*.json")) File.Delete(file);
        string missing = store.BlockPath(plan.RunId, 0, FactorSide.Items, 1);
        File.Delete(missing);
        var error = Assert.Throws<Data.Factors.FactorFileException>(() => store.WriteCheckpoint(plan.RunId, new Checkpoint(0, null, null, DateTime.UtcNow)));
        Assert.Equal(missing, error.FilePath);
        Assert.Empty(store.ReadCheckpoints(plan.RunId));
    }

    private const int FactorFileHeaderSize = Data.Factors.FactorFile.HeaderSize;

    private async Task RunToEnd(RunPlan plan, FactorStore store, int workers)
    {
        var actors = Start(plan.RunId, store, workers, resume: false);
        RunFinished finished = await actors.Listener.WaitAsync(Long);
        Assert.True(finished.Succeeded, finished.Error);
        // Pruned iterations' blocks were overwritten by later ones (the results above are checked bit for bit); none is left.
        Assert.False(Directory.Exists(Path.Combine(store.RunFolder(plan.RunId), "spare")));
    }
}
