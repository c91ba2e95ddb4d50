using System.Collections.Concurrent;
using MassTransit;
using Messages;

namespace ActorTestSupport;

/// <summary>What a run told its observers: status lines, finished iterations, and the end (awaitable).</summary>
public sealed class RunProbe
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<RunFinished>> _finished = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration), TaskCompletionSource<IterationCompleted>> _iterations = new();

    /// <summary>Status lines, in arrival order.</summary>
    public ConcurrentQueue<RunStatus> Statuses { get; } = new();

    /// <summary>Completes when run <paramref name="run"/> ends; fails the test after <paramref name="timeout"/>.</summary>
    public Task<RunFinished> Finished(Guid run, TimeSpan? timeout = null) =>
        _finished.GetOrAdd(run, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));

    /// <summary>Completes when iteration <paramref name="iteration"/> of run <paramref name="run"/> is checkpointed.</summary>
    public Task<IterationCompleted> Completed(Guid run, int iteration, TimeSpan? timeout = null) =>
        _iterations.GetOrAdd((run, iteration), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task.WaitAsync(timeout ?? TimeSpan.FromMinutes(2));

    internal void Record(RunFinished message) =>
        _finished.GetOrAdd(message.RunId, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);

    internal void Record(IterationCompleted message) =>
        _iterations.GetOrAdd((message.RunId, message.Iteration), _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);

    internal void Record(RunStatus message) => Statuses.Enqueue(message);
}

/// <summary>Feeds the <see cref="RunProbe"/>, as the CLI's run observer feeds the console.</summary>
public sealed class RunProbeConsumer(RunProbe probe) : IConsumer<RunFinished>, IConsumer<IterationCompleted>, IConsumer<RunStatus>
{
    /// <inheritdoc/>
    public Task Consume(ConsumeContext<RunFinished> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        probe.Record(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task Consume(ConsumeContext<IterationCompleted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        probe.Record(context.Message);
        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task Consume(ConsumeContext<RunStatus> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        probe.Record(context.Message);
        return Task.CompletedTask;
    }
}
