namespace Coordinator;

/// <summary>
/// When the coordinator last received a message of its run. Its stall check runs on ticks that travel through the
/// broker, so when the broker connection breaks for good the check never runs; the process hosting the
/// coordinator reads this clock to notice that from outside.
/// </summary>
public sealed class CoordinatorClock
{
    private long _lastHeardTicks = DateTime.UtcNow.Ticks;

    /// <summary>The last time a message of the run reached the coordinator (UTC).</summary>
    public DateTime LastHeardUtc => new(Interlocked.Read(ref _lastHeardTicks), DateTimeKind.Utc);

    /// <summary>Records that a message arrived now.</summary>
    public void Heard() => Interlocked.Exchange(ref _lastHeardTicks, DateTime.UtcNow.Ticks);

    private CoordinatorProgress? _progress;

    /// <summary>Where the run is (for a progress bar), or null before it started.</summary>
    public CoordinatorProgress? Progress => Volatile.Read(ref _progress);

    /// <summary>Records where the run is.</summary>
    public void Report(CoordinatorProgress progress) => Volatile.Write(ref _progress, progress);
}

/// <summary>How far the run is: blocks answered in the current iteration (solves of both sides, then evaluations).</summary>
/// <param name="Iteration">The iteration in progress (1-based).</param>
/// <param name="Iterations">Iterations of the run.</param>
/// <param name="Done">Blocks of this iteration answered.</param>
/// <param name="Total">Blocks of an iteration: user blocks + item blocks + user blocks evaluated.</param>
public sealed record CoordinatorProgress(int Iteration, int Iterations, int Done, int Total);
