using Coordinator;
using Messages;

namespace ActorTestSupport;

/// <summary>Records what a coordinator reports; <see cref="Finished"/> completes at the run's end.</summary>
public sealed class RecordingListener : IRunListener
{
    private readonly TaskCompletionSource<RunFinished> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<RunStatus> _statuses = [];
    private readonly List<IterationCompleted> _iterations = [];

    /// <summary>Called on the coordinator's thread with each iteration row (a test stops the coordinator there).</summary>
    public Action<IterationCompleted>? AfterIteration { get; set; }

    /// <summary>The end of the run.</summary>
    public Task<RunFinished> Finished => _finished.Task;

    /// <summary>Status lines so far.</summary>
    public IReadOnlyList<RunStatus> Statuses
    {
        get
        {
            lock (_statuses) return [.. _statuses];
        }
    }

    /// <summary>Iteration rows so far.</summary>
    public IReadOnlyList<IterationCompleted> Iterations
    {
        get
        {
            lock (_iterations) return [.. _iterations];
        }
    }

    /// <inheritdoc/>
    public void OnStatus(RunStatus status)
    {
        lock (_statuses) _statuses.Add(status);
    }

    /// <inheritdoc/>
    public void OnIteration(IterationCompleted iteration)
    {
        lock (_iterations) _iterations.Add(iteration);
        AfterIteration?.Invoke(iteration);
    }

    /// <inheritdoc/>
    public void OnFinished(RunFinished finished) => _finished.TrySetResult(finished);

    /// <summary>The end, or a <see cref="TimeoutException"/> after <paramref name="timeout"/> (never a hang).</summary>
    public async Task<RunFinished> WaitAsync(TimeSpan timeout)
    {
        Task done = await Task.WhenAny(Finished, Task.Delay(timeout));
        return done == Finished ? await Finished : throw new TimeoutException($"The run did not end within {timeout.TotalSeconds:F0} s; statuses: {string.Join(" | ", Statuses.Select(s => s.Message))}");
    }
}
