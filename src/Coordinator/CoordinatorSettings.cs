namespace Coordinator;

/// <summary>How patient the coordinator is.</summary>
/// <param name="StallNotice">After this long without a finished block and with no live worker, say that the run is waiting.</param>
/// <param name="StallTimeout">After this long without a finished block, fail the run (it can be resumed).</param>
public sealed record CoordinatorSettings(TimeSpan StallNotice, TimeSpan StallTimeout)
{
    /// <summary>Defaults: notice after 10 s, give up after 10 minutes.</summary>
    public static CoordinatorSettings Default { get; } = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10));
}
