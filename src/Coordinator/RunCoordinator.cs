using System.Globalization;
using Data.Datasets;
using Data.Models;
using Data.Runs;
using Data.Store;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Training;
using MassTransit;
using Messages;

namespace Coordinator;

/// <summary>
/// What the coordinator does at each event of a run; <see cref="CoordinatorStateMachine"/> says when. One
/// iteration t:
/// <code>
///   users half-step  SolveBlock(t, users, b) for every user block  → barrier → sum partial Grams in block order
///                    → commit X(t) with XᵀX
///   items half-step  SolveBlock(t, items, c) for every item block  → barrier → commit Y(t) with YᵀY
///   evaluation       EvaluateBlock(t, b) for every user block      → barrier → loss = Combine(∑ block terms,
///                    XᵀX, YᵀY), metrics = merge of block sums → checkpoint t, metrics.jsonl, older factors pruned
/// </code>
/// Answers of another attempt or iteration, of a block already answered, or of another phase are ignored
/// (at-least-once delivery makes duplicates normal). Sums run in block order, so the result does not depend on
/// which worker answered when.
/// </summary>
public sealed class RunCoordinator(FactorStore store, WorkerRegistry workers, CoordinatorSettings settings, CoordinatorClock clock)
{
    /// <summary>Loads the plan, takes a new attempt, finds where to start (the newest sound checkpoint when resuming) and sends the first commands.</summary>
    public async Task BeginAsync(BehaviorContext<RunState, StartRun> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        clock.Heard();
        RunState run = context.Saga;
        Guid id = context.Message.RunId;
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
            await Status(context, string.Create(CultureInfo.InvariantCulture,
                $"Checkpoint {checkpoint.Iteration} cannot be used: {problem}. Trying the one before."));
        }
        if (checkpoints.Count == 0 || store.CheckIteration(id, start, plan) is not null)
            throw new InvalidDataException($"Run {id:N} has no usable checkpoint in {store.RunFolder(id)}, not even the initial factors.");
        if (context.Message.Resume || start > 0)
            await Status(context, string.Create(CultureInfo.InvariantCulture,
                $"Attempt {run.Attempt}: resuming after checkpoint {start} of {plan.Options.Iterations} iterations."));

        // metrics.jsonl holds exactly the checkpointed iterations up to the starting point.
        RunDirectory.Open(plan.RunFolder).WriteMetrics(checkpoints.Where(c => c.Iteration >= 1 && c.Iteration <= start && c.Metrics is not null).Select(c => c.Metrics!));
        run.Iteration = start;
        run.LastProgressUtc = DateTime.UtcNow;
        if (start >= plan.Options.Iterations)
        {
            await FinishAsync(context, run);
            return;
        }
        await StartUsersAsync(context, run);
    }

    /// <summary>Whether a <see cref="BlockSolved"/> belongs to the half-step in progress and is not a duplicate.</summary>
    public static bool Accepts(RunState run, BlockSolved message, BlockSide side) =>
        message.Attempt == run.Attempt && message.Iteration == run.Iteration && message.Side == side && run.Pending.Contains(message.BlockId);

    /// <summary>Whether a <see cref="BlockEvaluated"/> belongs to the evaluation in progress and is not a duplicate.</summary>
    public static bool Accepts(RunState run, BlockEvaluated message) =>
        message.Attempt == run.Attempt && message.Iteration == run.Iteration && run.Pending.Contains(message.BlockId);

    /// <summary>Records one block's answer in the barrier.</summary>
    public void Record(RunState run, BlockSolved message)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        var gram = new double[message.PartialGram.Length / sizeof(double)];
        Buffer.BlockCopy(message.PartialGram, 0, gram, 0, message.PartialGram.Length);
        run.Grams[message.BlockId] = gram;
        run.Crcs[message.BlockId] = message.BlockCrc32;
        run.Pending.Remove(message.BlockId);
        if (!run.BlockSeconds.TryGetValue(message.Side, out double[]? seconds)) run.BlockSeconds[message.Side] = seconds = new double[run.Grams.Length];
        seconds[message.BlockId] = message.Seconds;
        run.LastProgressUtc = DateTime.UtcNow;
        workers.Seen(message.Worker);
        ReportProgress(run, message.Side == BlockSide.Users ? 0 : run.Plan!.UserBlocks.Count, run.Grams.Length);
    }

    /// <summary>Tells the clock how far the iteration is: <paramref name="before"/> blocks of earlier phases plus this phase's answered ones.</summary>
    private void ReportProgress(RunState run, int before, int phaseBlocks)
    {
        RunPlan plan = run.Plan!;
        clock.Report(new CoordinatorProgress(run.Iteration, plan.Options.Iterations, before + phaseBlocks - run.Pending.Count,
            2 * plan.UserBlocks.Count + plan.ItemBlocks.Count));
    }

    /// <summary>Records one block's evaluation.</summary>
    public void Record(RunState run, BlockEvaluated message)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(message);
        run.Evaluations[message.BlockId] = message;
        run.Pending.Remove(message.BlockId);
        run.LastProgressUtc = DateTime.UtcNow;
        workers.Seen(message.Worker);
        ReportProgress(run, run.Plan!.UserBlocks.Count + run.Plan.ItemBlocks.Count, run.Evaluations.Length);
    }

    /// <summary>All user blocks answered: commit X(t), start the item half-step.</summary>
    public async Task CompleteUsersAsync(BehaviorContext<RunState> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RunState run = context.Saga;
        store.WriteCommit(run.CorrelationId, Commit(run.Iteration, FactorSide.Users, run.Plan!.Options.Factors, run.Grams, run.Crcs));
        await SendHalfStepAsync(context, run, BlockSide.Items, run.Plan.ItemBlocks.Count);
    }

    /// <summary>All item blocks answered: commit Y(t), start the evaluation.</summary>
    public async Task CompleteItemsAsync(BehaviorContext<RunState> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RunState run = context.Saga;
        store.WriteCommit(run.CorrelationId, Commit(run.Iteration, FactorSide.Items, run.Plan!.Options.Factors, run.Grams, run.Crcs));
        run.HalfStepSeconds = (DateTime.UtcNow - run.IterationStartedUtc).TotalSeconds;
        run.EvaluationStartedUtc = DateTime.UtcNow;
        int blocks = run.Plan.UserBlocks.Count;
        run.Pending.Clear();
        run.Pending.UnionWith(Enumerable.Range(0, blocks));
        run.Evaluations = new BlockEvaluated?[blocks];
        ISendEndpoint queue = await context.GetSendEndpoint(WorkQueues.EvaluateBlockAddress);
        for (int block = 0; block < blocks; block++)
            await queue.Send(new EvaluateBlock(run.CorrelationId, run.Attempt, run.Iteration, block));
    }

    /// <summary>All user blocks evaluated: loss and metrics, checkpoint, then the next iteration or the end.</summary>
    public async Task CompleteEvaluationAsync(BehaviorContext<RunState> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        RunState run = context.Saga;
        RunPlan plan = run.Plan!;
        ObservedLossTerms observed = default;
        var metrics = new MetricsAccumulator(plan.Cutoff, plan.Items);
        foreach (BlockEvaluated answer in run.Evaluations.Select(e => e!))           // block order: deterministic sums
        {
            observed = observed.Add(new ObservedLossTerms(answer.LossCorrection, answer.ConfidenceSum, answer.Entries));
            MetricsPartial m = answer.Metrics;
            metrics.Merge(new MetricsState(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered));
        }
        double[] userGram = store.ReadCommit(run.CorrelationId, run.Iteration, FactorSide.Users)!.Gram;
        double[] itemGram = store.ReadCommit(run.CorrelationId, run.Iteration, FactorSide.Items)!.Gram;
        LossValue loss = ImplicitLoss.Combine(observed, userGram, itemGram, plan.Users, plan.Items, plan.Options.Regularization);
        RankingMetrics result = metrics.Result();
        IterationMetrics row = IterationMetrics.From(run.Iteration, run.HalfStepSeconds, loss.Normalized, result);
        store.WriteCheckpoint(run.CorrelationId, new Checkpoint(run.Iteration, row, loss.Total, DateTime.UtcNow));
        RunDirectory.Open(plan.RunFolder).AppendMetrics(row);
        Prune(run.CorrelationId, plan);
        await context.Publish(new IterationCompleted(run.CorrelationId, run.Iteration, run.HalfStepSeconds, loss.Normalized, result.Precision, result.Recall,
            result.Ndcg, result.Map, result.HitRate, result.Coverage, result.Cutoff, result.Users, (DateTime.UtcNow - run.EvaluationStartedUtc).TotalSeconds));
        if (run.Iteration >= plan.Options.Iterations)
        {
            await FinishAsync(context, run);
            return;
        }
        await StartUsersAsync(context, run);
    }

    /// <summary>A worker reported a block it cannot do: the run fails with its message.</summary>
    public static async Task FailAsync(BehaviorContext<RunState, BlockFailed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        BlockFailed failure = context.Message;
        string error = string.Create(CultureInfo.InvariantCulture,
            $"{failure.Work} block {failure.BlockId} of iteration {failure.Iteration} failed on {failure.Worker}: {failure.Error}");
        await context.Publish(new RunFinished(context.Saga.CorrelationId, context.Saga.Attempt, false, error));
    }

    /// <summary>The clock: says when the run waits for workers, and fails it when nothing finished for <see cref="CoordinatorSettings.StallTimeout"/>.</summary>
    /// <returns>True when the run must fail.</returns>
    public async Task<bool> CheckProgressAsync(BehaviorContext<RunState, CheckProgress> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        clock.Heard();
        RunState run = context.Saga;
        DateTime now = DateTime.UtcNow;
        TimeSpan quiet = now - run.LastProgressUtc;
        if (run.Pending.Count == 0 || quiet < settings.StallNotice) return false;
        if (quiet >= settings.StallTimeout)
        {
            string error = string.Create(CultureInfo.InvariantCulture,
                $"No block finished for {quiet.TotalSeconds:F0} s (timeout {settings.StallTimeout.TotalSeconds:F0} s) with {run.Pending.Count} blocks pending and " +
                $"{workers.Live(now).Count} live workers; giving up. Start workers and run again with --resume.");
            await context.Publish(new RunFinished(run.CorrelationId, run.Attempt, false, error));
            return true;
        }
        IReadOnlyList<string> live = workers.Live(now);
        if (live.Count == 0 && (run.LastWaitingNoticeUtc is null || now - run.LastWaitingNoticeUtc > TimeSpan.FromSeconds(30)))
        {
            run.LastWaitingNoticeUtc = now;
            await Status(context, string.Create(CultureInfo.InvariantCulture,
                $"Waiting for workers: none has been heard from and no block finished for {quiet.TotalSeconds:F0} s; {run.Pending.Count} blocks pending " +
                $"(iteration {run.Iteration}). Start one with `als worker --broker … --store {store.Root}`; giving up after {settings.StallTimeout.TotalSeconds:F0} s."));
        }
        return false;
    }

    /// <summary>A half-step commit of summed partial Gram matrices (block order).</summary>
    public static HalfStepCommit Commit(int iteration, FactorSide side, int factors, double[][] grams, string[] crcs)
    {
        ArgumentNullException.ThrowIfNull(grams);
        var gram = new double[factors * factors];
        foreach (double[] partial in grams) GramMatrix.Add(gram, partial);
        return new HalfStepCommit(iteration, side, factors, gram, FactorStore.GramCrc(gram), crcs, DateTime.UtcNow);
    }

    private static async Task StartUsersAsync(BehaviorContext<RunState> context, RunState run)
    {
        run.Iteration++;
        run.IterationStartedUtc = DateTime.UtcNow;
        await SendHalfStepAsync(context, run, BlockSide.Users, run.Plan!.UserBlocks.Count);
    }

    private static async Task SendHalfStepAsync(BehaviorContext<RunState> context, RunState run, BlockSide side, int blocks)
    {
        run.Pending.Clear();
        run.Pending.UnionWith(Enumerable.Range(0, blocks));
        run.Grams = new double[blocks][];
        run.Crcs = new string[blocks];
        ISendEndpoint queue = await context.GetSendEndpoint(WorkQueues.SolveBlockAddress);
        foreach (int block in DispatchOrder(run, side, blocks))
            await queue.Send(new SolveBlock(run.CorrelationId, run.Attempt, run.Iteration, side, block));
    }

    /// <summary>
    /// The order to send a half-step's blocks in: longest first by the seconds they took last time (block order
    /// before any answer, and for ties). Workers take commands in queue order, so this is the longest-processing-time
    /// rule: the barrier waits for a short block, not a long one. The result does not depend on it.
    /// </summary>
    private static IEnumerable<int> DispatchOrder(RunState run, BlockSide side, int blocks) =>
        run.BlockSeconds.TryGetValue(side, out double[]? seconds)
            ? Enumerable.Range(0, blocks).OrderByDescending(block => seconds[block]).ThenBy(block => block)
            : Enumerable.Range(0, blocks);

    /// <summary>The last iteration is checkpointed: write the model from the store and announce the end.</summary>
    private async Task FinishAsync(BehaviorContext<RunState> context, RunState run)
    {
        RunPlan plan = run.Plan!;
        int last = plan.Options.Iterations;
        FactorMatrix users = store.ReadSide(run.CorrelationId, last, FactorSide.Users, plan.UserBlocks, plan.Options.Factors);
        FactorMatrix items = store.ReadSide(run.CorrelationId, last, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
        ModelStore.Save(plan.RunFolder, new AlsModel(users, items, plan.Options), last, PreparedDataset.Open(plan.Dataset));
        run.Finished = true;
        await context.Publish(new RunFinished(run.CorrelationId, run.Attempt, true, null));
    }

    /// <summary>Deletes the factors of iterations older than the newest <see cref="RunPlan.KeepCheckpoints"/> checkpoints.</summary>
    private void Prune(Guid id, RunPlan plan)
    {
        int[] kept = [.. store.ReadCheckpoints(id).Select(c => c.Iteration).OrderDescending().Take(plan.KeepCheckpoints)];
        foreach (int iteration in store.StoredIterations(id))
            if (!kept.Contains(iteration) && iteration < kept.Min()) store.DeleteIteration(id, iteration);
    }

    private static Task Status(BehaviorContext<RunState> context, string message) =>
        context.Publish(new RunStatus(context.Saga.CorrelationId, message));
}
