using Data.Datasets;
using Data.Interactions;
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
/// sample, validation set), the popularity baseline in the run folder, and iteration 0 (the seeded initial factors of
/// every block with both sides' Gram matrices committed, and checkpoint 0).
/// </summary>
/// <remarks>With validation, the validation rows are carved out of the training rows here, once, by the rule <c>tune</c>
/// uses (<see cref="ValidationSplit.Carve"/>: a seeded sample of users, a share of each one's training artists), and
/// stored beside the plan; the blocks leave them out of every solve. The test split plays no part in it, and is not
/// even read when the run evaluates no test users.</remarks>
/// <remarks>Initial rows are drawn per row from streams derived from the seed (<see cref="AlsModel.Initial"/>), so
/// they equal the single-process trainer's, whatever the block layout.</remarks>
public static class RunPlanner
{
    /// <summary>Creates run <paramref name="runId"/>; returns its plan.</summary>
    /// <param name="runId">The run.</param>
    /// <param name="store">The factor store.</param>
    /// <param name="dataset">The prepared dataset.</param>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="options">ALS parameters.</param>
    /// <param name="cutoff">K of the per-iteration test metrics.</param>
    /// <param name="evalUsers">Test users evaluated per iteration (<see cref="RankingEvaluator.NoUsers"/>: none, and the test split is not read).</param>
    /// <param name="keepCheckpoints">Checkpoints kept.</param>
    /// <param name="validation">The validation set to carve from the training rows (null: none).</param>
    /// <exception cref="ArgumentException">The options give the dataset's largest play count a confidence float32 cannot hold (names --alpha), or the validation options are out of range.</exception>
    /// <exception cref="InvalidDataException">Validation was asked for, but no user has enough training artists to give some.</exception>
    public static RunPlan Create(Guid runId, FactorStore store, PreparedDataset dataset, string runFolder, AlsOptions options, int cutoff, int evalUsers,
        int keepCheckpoints, ValidationOptions? validation = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CsrMatrix train = dataset.LoadTrain();
        // The command line could only check one play; the data's largest count is known here, before any work is sent.
        if (train.NonZeros > 0) Confidence.EnsureBounded(TensorPrimitives.Max(train.Values.AsSpan(0, train.NonZeros)), options);
        validation?.Validate();
        ValidationSplitResult? carved = validation is null ? null
            : ValidationSplit.Carve(train, validation.Users, validation.Fraction, options.Seed, Math.Max(1, options.Threads));
        if (carved is { Users.Length: 0 })
            throw new InvalidDataException($"no user of {dataset.Folder} has the {HoldoutSplit.DefaultMinInteractions} training artists needed to carve validation rows; train without validation.");
        // Counted once here and stored in the plan: every block weighs with the same numbers, whatever the worker count.
        // The statistics are those of the rows trained on, as for the in-memory trainer given the same rows.
        if (options.Confidence == ConfidenceMode.Bm25 && options.Bm25 is null) options = options with { Bm25 = Bm25Statistics.From(carved?.Train ?? train) };
        CsrMatrix test = evalUsers == RankingEvaluator.NoUsers
            ? new CsrMatrix(dataset.Users, dataset.Items, new int[dataset.Users + 1], [], [])      // no test users: the split is not read at all
            : dataset.LoadTest();
        int[] sample = RankingEvaluator.SampleUsers(test, evalUsers, options.Seed);
        var plan = new RunPlan(runId, Path.GetFullPath(dataset.Folder), Path.GetFullPath(runFolder), options, dataset.Users, dataset.Items,
            [.. dataset.Manifest.UserBlocks.Select(b => new BlockRange(b.Block, b.First, b.Count))],
            [.. dataset.Manifest.ItemBlocks.Select(b => new BlockRange(b.Block, b.First, b.Count))],
            cutoff, sample, Math.Max(1, keepCheckpoints), DateTime.UtcNow);
        if (carved is not null)
            plan = plan with
            {
                Validation = new ValidationPlan(validation!, options.Seed, carved.Users.Length, carved.Validation.NonZeros, store.WriteValidation(runId, carved.Validation)),
            };
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
