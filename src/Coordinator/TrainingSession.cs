using Data.Datasets;
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
    public static TrainingSession Plan(PreparedDataset dataset, string? output, string? store, AlsOptions options, int cutoff, int evalUsers, int keepCheckpoints)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        RunDirectory run = RunDirectory.Create(output, "train");
        var reference = new RunReference(Guid.NewGuid(), Path.GetFullPath(store ?? Path.Combine(run.Path, "store")), Path.GetFullPath(dataset.Folder));
        reference.Write(run.Path);
        RunPlanner.Create(reference.RunId, new FactorStore(reference.Store, cacheBlocks: true), dataset, run.Path, options, cutoff, evalUsers, keepCheckpoints);
        return new TrainingSession(reference, run.Path, resuming: false);
    }

    /// <summary>Finds the run in <paramref name="runFolder"/> to continue it.</summary>
    /// <exception cref="InvalidDataException">The folder holds no run.</exception>
    public static TrainingSession Resume(string runFolder)
    {
        RunDirectory existing = RunDirectory.Open(runFolder);
        return new TrainingSession(RunReference.Read(existing.Path), existing.Path, resuming: true);
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
