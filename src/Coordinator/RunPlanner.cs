using Data.Datasets;
using Data.Runs;
using Data.Store;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Sparse;
using Linalg.Training;
using System.Numerics.Tensors;

namespace Coordinator;

/// <summary>
/// Plans a new run before any message is sent: the plan in the store (dataset, parameters, blocks, evaluation
/// sample), the popularity baseline in the run folder, and iteration 0 (the seeded initial factors of every block
/// with both sides' Gram matrices committed, and checkpoint 0).
/// </summary>
/// <remarks>Initial rows are drawn per row from streams derived from the seed (<see cref="AlsModel.Initial"/>), so
/// they equal the single-process trainer's, whatever the block layout.</remarks>
public static class RunPlanner
{
    /// <summary>Creates run <paramref name="runId"/>; returns its plan.</summary>
    /// <exception cref="ArgumentException">The options give the dataset's largest play count a confidence float32 cannot hold (names --alpha).</exception>
    public static RunPlan Create(Guid runId, FactorStore store, PreparedDataset dataset, string runFolder, AlsOptions options, int cutoff, int evalUsers,
        int keepCheckpoints)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CsrMatrix train = dataset.LoadTrain();
        // The command line could only check one play; the data's largest count is known here, before any work is sent.
        if (train.NonZeros > 0) Confidence.EnsureBounded(TensorPrimitives.Max(train.Values.AsSpan(0, train.NonZeros)), options);
        // Counted once here and stored in the plan: every block weighs with the same numbers, whatever the worker count.
        if (options.Confidence == ConfidenceMode.Bm25 && options.Bm25 is null) options = options with { Bm25 = Bm25Statistics.From(train) };
        CsrMatrix test = dataset.LoadTest();
        int[] sample = RankingEvaluator.SampleUsers(test, evalUsers, options.Seed);
        var plan = new RunPlan(runId, Path.GetFullPath(dataset.Folder), Path.GetFullPath(runFolder), options, dataset.Users, dataset.Items,
            [.. dataset.Manifest.UserBlocks.Select(b => new BlockRange(b.Block, b.First, b.Count))],
            [.. dataset.Manifest.ItemBlocks.Select(b => new BlockRange(b.Block, b.First, b.Count))],
            cutoff, sample, Math.Max(1, keepCheckpoints), DateTime.UtcNow);
        store.WritePlan(plan);

        // The popularity baseline on the same sampled users: the lower bound the run is compared with.
        RankingMetrics baseline = RankingEvaluator.EvaluatePopularity(train, test, sample, cutoff);
        RunDirectory.Open(runFolder).WriteBaseline(IterationMetrics.From(0, 0, null, baseline));

        WriteInitial(store, plan, FactorSide.Users, plan.UserBlocks);
        WriteInitial(store, plan, FactorSide.Items, plan.ItemBlocks);
        store.WriteCheckpoint(runId, new Checkpoint(0, null, null, DateTime.UtcNow));
        return plan;
    }

    private static void WriteInitial(FactorStore store, RunPlan plan, FactorSide side, IReadOnlyList<BlockRange> blocks)
    {
        ulong seed = AlsModel.InitialSeed(plan.Options.Seed, side);
        var grams = new double[blocks.Count][];
        var crcs = new string[blocks.Count];
        Parallel.For(0, blocks.Count, b =>
        {
            BlockRange block = blocks[b];
            FactorMatrix rows = FactorMatrix.Random(block.Count, plan.Options.Factors, seed, firstRowIndex: block.First);
            grams[b] = GramMatrix.Compute(rows, 1);
            crcs[b] = store.WriteBlock(plan.RunId, 0, side, block, rows);
        });
        store.WriteCommit(plan.RunId, RunCoordinator.Commit(0, side, plan.Options.Factors, grams, crcs));
    }
}
