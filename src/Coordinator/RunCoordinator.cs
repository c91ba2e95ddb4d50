using System.Globalization;
using Data.Datasets;
using Data.Models;
using Data.Runs;
using Data.Store;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Training;
using Messages;

namespace Coordinator;

/// <summary>
/// What the coordinator does with the store at each step of a run; <see cref="CoordinatorActor"/> says when and sends
/// the messages. One iteration t:
/// <code>
///   users half-step  SolveBlock(t, users, b) for every user block  → barrier → sum partial Grams in block order
///                    → commit X(t) with XᵀX
///   items half-step  SolveBlock(t, items, c) for every item block  → barrier → commit Y(t) with YᵀY
///   evaluation       EvaluateBlock(t, b) for every user block      → barrier → loss = Combine(∑ block terms,
///                    XᵀX, YᵀY), metrics = merge of block sums → checkpoint t, metrics.jsonl, older factors pruned
/// </code>
/// Sums run in block order, so the result does not depend on which node answered when.
/// </summary>
public sealed class RunCoordinator(FactorStore store, CoordinatorClock clock)
{
    /// <summary>The store.</summary>
    public FactorStore Store => store;

    /// <summary>Loads the plan, takes a new attempt and finds where to start (the newest sound checkpoint when resuming).</summary>
    /// <returns>True when the run has nothing left to do (resumed after its last iteration: the model is written).</returns>
    /// <exception cref="InvalidDataException">No usable checkpoint, not even the initial factors.</exception>
    public bool Begin(RunState run, bool resume, Action<string> status)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(status);
        Guid id = run.RunId;
        RunPlan plan = store.ReadPlan(id);
        run.Plan = plan;
        run.Attempt = store.ReadAttempt(id) + 1;
        store.WriteAttempt(id, run.Attempt);

        int start = 0;
        IReadOnlyList<Checkpoint> checkpoints = store.ReadCheckpoints(id);
        foreach (Checkpoint checkpoint in checkpoints.Reverse())
        {
            string? problem = store.CheckIteration(id, checkpoint.Iteration, plan);
            if (problem is null)
            {
                start = checkpoint.Iteration;
                break;
            }
            status(string.Create(CultureInfo.InvariantCulture, $"Checkpoint {checkpoint.Iteration} cannot be used: {problem}. Trying the one before."));
        }
        if (checkpoints.Count == 0 || store.CheckIteration(id, start, plan) is not null)
            throw new InvalidDataException($"Run {id:N} has no usable checkpoint in {store.RunFolder(id)}, not even the initial factors.");
        if (resume || start > 0)
            status(string.Create(CultureInfo.InvariantCulture, $"Attempt {run.Attempt}: resuming after checkpoint {start} of {plan.Options.Iterations} iterations."));

        // metrics.jsonl holds exactly the checkpointed iterations up to the starting point.
        RunDirectory.Open(plan.RunFolder).WriteMetrics(checkpoints.Where(c => c.Iteration >= 1 && c.Iteration <= start && c.Metrics is not null).Select(c => c.Metrics!));
        run.Iteration = start;
        UpdateSelection(run, checkpoints);               // the best so far, from the checkpoints: a resumed run keeps the rule
        if (start < plan.Options.Iterations && !run.StoppedEarly) return false;
        Finish(run);
        return true;
    }

    /// <summary>Whether a <see cref="BlockSolved"/> belongs to the half-step in progress and is not a duplicate.</summary>
    public static bool Accepts(RunState run, BlockSolved message, BlockSide side)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        return message.RunId == run.RunId && message.Attempt == run.Attempt && message.Iteration == run.Iteration && message.Side == side
            && run.Pending.Contains(message.BlockId);
    }

    /// <summary>Whether a <see cref="BlockEvaluated"/> belongs to the evaluation in progress and is not a duplicate.</summary>
    public static bool Accepts(RunState run, BlockEvaluated message)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        return message.RunId == run.RunId && message.Attempt == run.Attempt && message.Iteration == run.Iteration && run.Pending.Contains(message.BlockId);
    }

    /// <summary>Records one block's answer in the barrier.</summary>
    public void Record(RunState run, BlockSolved message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        run.Grams[message.BlockId] = GramPayload.Unpack(message.PartialGram, run.Plan!.Options.Factors);
        run.Crcs[message.BlockId] = message.BlockCrc32;
        run.Losses[message.BlockId] = new ObservedLossTerms(message.LossCorrection, message.ConfidenceSum, message.Entries);
        run.Pending.Remove(message.BlockId);
        run.SentUtc.Remove(message.BlockId);
        if (!run.BlockSeconds.TryGetValue(message.Side, out double[]? seconds)) run.BlockSeconds[message.Side] = seconds = new double[run.Grams.Length];
        seconds[message.BlockId] = message.Seconds;
        run.LastProgressUtc = now;
        ReportProgress(run, message.Side == BlockSide.Users ? 0 : run.Plan!.UserBlocks.Count, run.Grams.Length);
    }

    /// <summary>Records one block's evaluation.</summary>
    public void Record(RunState run, BlockEvaluated message, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        run.Evaluations[message.BlockId] = message;
        if (run.EvaluationSeconds.Length != run.Evaluations.Length) run.EvaluationSeconds = new double[run.Evaluations.Length];
        run.EvaluationSeconds[message.BlockId] = message.Seconds;
        run.Pending.Remove(message.BlockId);
        run.SentUtc.Remove(message.BlockId);
        run.LastProgressUtc = now;
        ReportProgress(run, run.Plan!.UserBlocks.Count + run.Plan.ItemBlocks.Count, run.Evaluations.Length);
    }

    /// <summary>Tells the clock how far the iteration is: <paramref name="before"/> blocks of earlier phases plus this phase's answered ones.</summary>
    private void ReportProgress(RunState run, int before, int phaseBlocks)
    {
        RunPlan plan = run.Plan!;
        clock.Report(new CoordinatorProgress(run.Iteration, plan.Options.Iterations, before + phaseBlocks - run.Pending.Count,
            2 * plan.UserBlocks.Count + plan.ItemBlocks.Count));
    }

    /// <summary>Opens a half-step: every block of <paramref name="side"/> pending; returns the commands in dispatch order.</summary>
    public static IReadOnlyList<SolveBlock> OpenHalfStep(RunState run, BlockSide side)
    {
        ArgumentNullException.ThrowIfNull(run);
        int blocks = side == BlockSide.Users ? run.Plan!.UserBlocks.Count : run.Plan!.ItemBlocks.Count;
        Open(run, blocks);
        run.Grams = new double[blocks][];
        run.Crcs = new string[blocks];
        run.Losses = new ObservedLossTerms[blocks];
        return [.. DispatchOrder(run, side, blocks).Select(block => new SolveBlock(run.RunId, run.Attempt, run.Iteration, side, block))];
    }

    /// <summary>Starts the next iteration's user half-step.</summary>
    public static IReadOnlyList<SolveBlock> StartIteration(RunState run, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        run.Iteration++;
        run.IterationStartedUtc = now;
        return OpenHalfStep(run, BlockSide.Users);
    }

    /// <summary>All user blocks answered: commit X(t).</summary>
    public void CompleteUsers(RunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        store.WriteCommit(run.RunId, Commit(run.Iteration, FactorSide.Users, run.Plan!.Options.Factors, run.Grams, run.Crcs));
    }

    /// <summary>All item blocks answered: commit Y(t) and open the evaluation; returns its commands.</summary>
    public IReadOnlyList<EvaluateBlock> CompleteItems(RunState run, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        store.WriteCommit(run.RunId, Commit(run.Iteration, FactorSide.Items, run.Plan!.Options.Factors, run.Grams, run.Crcs));
        run.HalfStepSeconds = (now - run.IterationStartedUtc).TotalSeconds;
        run.EvaluationStartedUtc = now;
        int blocks = run.Plan.UserBlocks.Count;
        Open(run, blocks);
        run.Evaluations = new BlockEvaluated?[blocks];
        return [.. Enumerable.Range(0, blocks).Select(block => new EvaluateBlock(run.RunId, run.Attempt, run.Iteration, block))];
    }

    /// <summary>All user blocks evaluated: loss and metrics, then the checkpoint (written only now, after both commits); returns the row.</summary>
    /// <exception cref="InvalidDataException">A commit of this iteration is missing.</exception>
    public IterationCompleted Checkpoint(RunState run, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunPlan plan = run.Plan!;
        var metrics = new MetricsAccumulator(plan.Cutoff, plan.Items);
        foreach (BlockEvaluated answer in run.Evaluations.Select(e => e!))           // block order: deterministic sums
        {
            MetricsPartial m = answer.Metrics;
            metrics.Merge(new MetricsState(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered));
        }
        double[] userGram = (store.ReadCommit(run.RunId, run.Iteration, FactorSide.Users)
            ?? throw new InvalidDataException($"Run {run.RunId:N}: the users half-step of iteration {run.Iteration} is not committed; no checkpoint is written.")).Gram;
        double[] itemGram = (store.ReadCommit(run.RunId, run.Iteration, FactorSide.Items)
            ?? throw new InvalidDataException($"Run {run.RunId:N}: the items half-step of iteration {run.Iteration} is not committed; no checkpoint is written.")).Gram;
        RankingMetrics? validation = null;
        if (plan.Validation is not null)
        {
            var validationMetrics = new MetricsAccumulator(ValidationOptions.Cutoff, plan.Items);
            foreach (BlockEvaluated answer in run.Evaluations.Select(e => e!))
            {
                MetricsPartial m = answer.Validation
                    ?? throw new InvalidDataException($"Run {run.RunId:N}: user block {answer.BlockId} answered its evaluation of iteration {run.Iteration} without the validation metrics the plan asks for.");
                validationMetrics.Merge(new MetricsState(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered));
            }
            validation = validationMetrics.Result();
        }
        ObservedLossTerms observed = run.Losses.Aggregate(default(ObservedLossTerms), (sum, block) => sum.Add(block));   // item blocks, block order: deterministic
        LossValue loss = ImplicitLoss.Combine(observed, userGram, itemGram, plan.Users, plan.Items, plan.Options.Regularization);
        if (!double.IsFinite(loss.Total))                 // the run stops here (the actor fails it), before a checkpoint of garbage
            throw new NonFiniteFactorsException(FormattableString.Invariant($"the loss after iteration {run.Iteration}"), loss.Total, plan.Options);
        RankingMetrics result = metrics.Result();
        IterationMetrics row = IterationMetrics.From(run.Iteration, run.HalfStepSeconds, loss.Normalized, result, validation);
        store.WriteCheckpoint(run.RunId, new Checkpoint(run.Iteration, row, loss.Total, now));
        RunDirectory.Open(plan.RunFolder).AppendMetrics(row);
        UpdateSelection(run, store.ReadCheckpoints(run.RunId));
        Prune(run);
        return new IterationCompleted(run.RunId, run.Iteration, run.HalfStepSeconds, loss.Normalized, result.Precision, result.Recall,
            result.Ndcg, result.Map, result.HitRate, result.Coverage, result.Cutoff, result.Users, (now - run.EvaluationStartedUtc).TotalSeconds,
            validation?.Precision, validation?.Ndcg, validation?.Users ?? 0, run.BestIteration);
    }

    /// <summary>Whether the iteration just checkpointed was the last: the planned number, or an early stop (<see cref="RunState.StoppedEarly"/>).</summary>
    public static bool IsLastIteration(RunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return run.Iteration >= run.Plan!.Options.Iterations || run.StoppedEarly;
    }

    /// <summary>
    /// The last iteration is checkpointed: writes the model from the store, with the factors of the iteration the run
    /// keeps (<see cref="ModelSelection"/>: the best validation NDCG with <c>--keep-best</c>, else the last).
    /// </summary>
    /// <returns>Which iteration was kept and why (also in model.json).</returns>
    public ModelSelection Finish(RunState run)
    {
        ArgumentNullException.ThrowIfNull(run);
        RunPlan plan = run.Plan!;
        ModelSelection selection = ModelSelection.Choose(Rows(store.ReadCheckpoints(run.RunId)), run.Iteration, plan.Options.Iterations, plan.Validation?.Options);
        int kept = selection.KeptIteration;
        FactorMatrix users = store.ReadSide(run.RunId, kept, FactorSide.Users, plan.UserBlocks, plan.Options.Factors);
        FactorMatrix items = store.ReadSide(run.RunId, kept, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
        ModelStore.Save(plan.RunFolder, new AlsModel(users, items, plan.Options), kept, PreparedDataset.Open(plan.Dataset), selection);
        store.DeleteSpares(run.RunId);                   // pruned blocks kept for the next writes: there are none now
        run.Finished = true;
        run.Selection = selection;
        return selection;
    }

    /// <summary>The best validation iteration up to the current one, and whether the early-stopping rule ends the run there.</summary>
    private static void UpdateSelection(RunState run, IReadOnlyList<Checkpoint> checkpoints)
    {
        ValidationOptions? validation = run.Plan!.Validation?.Options;
        if (validation is null) return;
        run.BestIteration = ModelSelection.BestIteration(Rows(checkpoints).Where(row => row.Iteration <= run.Iteration));
        run.StoppedEarly = ModelSelection.StopsAfter(run.Iteration, run.BestIteration, validation.EarlyStopping);
    }

    /// <summary>The metric rows the checkpoints hold (iteration 0 has none).</summary>
    private static IEnumerable<IterationMetrics> Rows(IReadOnlyList<Checkpoint> checkpoints) =>
        checkpoints.Where(c => c.Iteration >= 1 && c.Metrics is not null).Select(c => c.Metrics!);

    /// <summary>A half-step commit of summed partial Gram matrices (block order).</summary>
    public static HalfStepCommit Commit(int iteration, FactorSide side, int factors, double[][] grams, string[] crcs)
    {
        ArgumentNullException.ThrowIfNull(grams);
        var gram = new double[factors * factors];
        foreach (double[] partial in grams) GramMatrix.Add(gram, partial);
        return new HalfStepCommit(iteration, side, factors, gram, FactorStore.GramCrc(gram), crcs, DateTime.UtcNow);
    }

    private static void Open(RunState run, int blocks)
    {
        run.Pending.Clear();
        run.Pending.UnionWith(Enumerable.Range(0, blocks));
        run.SentUtc.Clear();
        run.Failures.Clear();
    }

    /// <summary>
    /// The order to send a half-step's blocks in: longest first by the seconds they took last time (block order before
    /// any answer, and for ties), the longest-processing-time rule: the barrier waits for a short block, not a long one.
    /// The result does not depend on it.
    /// </summary>
    private static IEnumerable<int> DispatchOrder(RunState run, BlockSide side, int blocks) =>
        run.BlockSeconds.TryGetValue(side, out double[]? seconds)
            ? Enumerable.Range(0, blocks).OrderByDescending(block => seconds[block]).ThenBy(block => block)
            : Enumerable.Range(0, blocks);

    /// <summary>
    /// Deletes the factors of iterations older than the newest <see cref="RunPlan.KeepCheckpoints"/> checkpoints, except
    /// the best iteration so far when the run keeps the best (its factors become the model).
    /// </summary>
    private void Prune(RunState run)
    {
        RunPlan plan = run.Plan!;
        int[] kept = [.. store.ReadCheckpoints(run.RunId).Select(c => c.Iteration).OrderDescending().Take(plan.KeepCheckpoints)];
        int? best = plan.Validation?.Options.KeepBest == true ? run.BestIteration : null;
        foreach (int iteration in store.StoredIterations(run.RunId))
            if (!kept.Contains(iteration) && iteration < kept.Min() && iteration != best) store.DeleteIteration(run.RunId, iteration);
    }
}
