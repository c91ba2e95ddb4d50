using System.Globalization;
using Data.Datasets;
using Data.Failures;
using Data.Runs;
using Data.Store;
using Linalg.Als;
using Messages;

namespace Coordinator;

/// <summary>
/// One training run as a process sees it: planned (or found again, to resume), then run by hosting a cluster node with
/// the coordinator singleton until the run ends. <c>train</c> and <c>cluster</c> only map options to this and render
/// what it reports; the coordinator's stall watchdog runs on the <see cref="TimeProvider"/> given here.
/// </summary>
public sealed class TrainingSession
{
    private TrainingSession(RunReference reference, string runFolder, bool resuming)
    {
        Reference = reference;
        RunFolder = runFolder;
        Resuming = resuming;
    }

    /// <summary>The run, its store and dataset.</summary>
    public RunReference Reference { get; }

    /// <summary>The run folder.</summary>
    public string RunFolder { get; }

    /// <summary>Whether this session continues an existing run.</summary>
    public bool Resuming { get; }

    /// <summary>Where the coordinator is, for a progress bar.</summary>
    public CoordinatorClock Clock { get; } = new();

    /// <summary>Plans a new run of <paramref name="dataset"/> in <paramref name="output"/> (null: a new folder under runs/).</summary>
    /// <param name="dataset">The prepared dataset.</param>
    /// <param name="output">The run folder.</param>
    /// <param name="store">The factor store folder (null: RUNDIR/store).</param>
    /// <param name="options">ALS parameters.</param>
    /// <param name="cutoff">K of the per-iteration metrics.</param>
    /// <param name="evalUsers">Test users evaluated per iteration.</param>
    /// <param name="keepCheckpoints">Checkpoints kept.</param>
    /// <param name="validation">The validation set carved from the training rows, with keep-best and early stopping (null: none).</param>
    public static TrainingSession Plan(PreparedDataset dataset, string? output, string? store, AlsOptions options, int cutoff, int evalUsers, int keepCheckpoints,
        ValidationOptions? validation = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        RunDirectory run = RunDirectory.Create(output, "train");
        var reference = new RunReference(Guid.NewGuid(), Path.GetFullPath(store ?? Path.Combine(run.Path, "store")), Path.GetFullPath(dataset.Folder));
        reference.Write(run.Path);
        RunPlanner.Create(reference.RunId, new FactorStore(reference.Store, cacheBlocks: true), dataset, run.Path, options, cutoff, evalUsers, keepCheckpoints, validation);
        return new TrainingSession(reference, run.Path, resuming: false);
    }

    /// <summary>
    /// Finds the run in <paramref name="runFolder"/> to continue it; with <paramref name="iterations"/>, to that many
    /// iterations instead of the planned number (extending a finished run, or ending an unfinished one elsewhere).
    /// </summary>
    /// <remarks>
    /// Only the plan's iteration count changes: iteration t+1 is computed from checkpoint t alone (the factors, the
    /// seed-derived evaluation sample and the options), never from the planned total, so a run extended from n to m
    /// iterations ends with the factors of a run planned with m from the start, bit for bit.
    /// </remarks>
    /// <exception cref="InvalidInputException">The folder holds no run, or the run's plan belongs to another run folder.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="iterations"/> is below 1.</exception>
    /// <exception cref="ArgumentException"><paramref name="iterations"/> is below the newest checkpoint's iteration (the message is one sentence).</exception>
    public static TrainingSession Resume(string runFolder, int? iterations = null)
    {
        RunDirectory existing = RunDirectory.Open(runFolder);
        RunReference reference = RunReference.Read(existing.Path);
        // The coordinator writes metrics and the model into the plan's run folder: one that is not this folder (an edited
        // plan, or a copied run folder whose store lies outside it) would make this resume write into another run.
        string planned = new FactorStore(reference.Store).ReadPlan(reference.RunId).RunFolder;
        if (!string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(planned)), Path.TrimEndingDirectorySeparator(existing.Path), StringComparison.Ordinal))
            throw new InvalidInputException(
                $"run {reference.RunId:N} of the store {reference.Store} belongs to the run folder {planned}, not {existing.Path}: resuming it here would write into that folder. " +
                "Resume that folder, or start a new run with another --out.");
        if (iterations is { } target) PlanIterations(new FactorStore(reference.Store), reference.RunId, target);
        return new TrainingSession(reference, existing.Path, resuming: true);
    }

    /// <summary>Rewrites the plan of <paramref name="runId"/> to end after <paramref name="iterations"/> iterations.</summary>
    private static void PlanIterations(FactorStore store, Guid runId, int iterations)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(iterations);
        RunPlan plan = store.ReadPlan(runId);
        int done = store.ReadCheckpoints(runId).Select(checkpoint => checkpoint.Iteration).DefaultIfEmpty(0).Max();
        if (iterations < done)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--iterations {iterations} is below the {done} iterations the run has already checkpointed: a resume can extend a run or end it later, not undo iterations. Give --iterations {done} or more, or start a new run with another --out."));
        if (iterations != plan.Options.Iterations) store.WritePlan(plan with { Options = plan.Options with { Iterations = iterations } });
    }

    /// <summary>
    /// Hosts this process's node with the coordinator of the run and waits for the run's end. <paramref name="started"/> is
    /// called once the node is up (to print its address or start worker processes); what it returns is disposed before
    /// the node leaves the cluster.
    /// </summary>
    /// <returns>How the run ended.</returns>
    /// <exception cref="OperationCanceledException">Stopped by <paramref name="cancellationToken"/>: the checkpoints are kept.</exception>
    public async Task<RunFinished> RunAsync(NodeOptions node, CoordinatorSettings settings, IRunListener listener, TimeProvider time,
        Func<NodeHost, IAsyncDisposable?>? started, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(listener);
        var relay = new Relay(listener);
        var work = new RunCoordinator(new FactorStore(Reference.Store, cacheBlocks: true), Clock);
        await using NodeHost host = await NodeHost.StartAsync(node with { Store = Reference.Store },
            new CoordinatorStart(work, Reference.RunId, Resuming, settings, relay, time), cancellationToken);
        await using IAsyncDisposable? outside = started?.Invoke(host);
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using CancellationTokenRegistration registration = cancellationToken.Register(() => stopped.TrySetResult());
        Task end = await Task.WhenAny(relay.Finished, host.Terminated, stopped.Task);
        if (end == relay.Finished) return await relay.Finished;
        cancellationToken.ThrowIfCancellationRequested();
        return new RunFinished(Reference.RunId, 0, false, "this node's actor system stopped before the run ended (the node was removed from the cluster).");
    }

    /// <summary>Passes events on and completes <see cref="Finished"/> at the end.</summary>
    private sealed class Relay(IRunListener inner) : IRunListener
    {
        private readonly TaskCompletionSource<RunFinished> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<RunFinished> Finished => _finished.Task;

        public void OnStatus(RunStatus status) => inner.OnStatus(status);

        public void OnIteration(IterationCompleted iteration) => inner.OnIteration(iteration);

        public void OnFinished(RunFinished finished)
        {
            inner.OnFinished(finished);
            _finished.TrySetResult(finished);
        }
    }
}
