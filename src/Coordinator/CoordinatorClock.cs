namespace Coordinator;

/// <summary>
/// Where the run is, for a progress bar: the coordinator actor reports here, the process showing progress reads it
/// (a value shared in one process, never a message).
/// </summary>
public sealed class CoordinatorClock
{
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
