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
}
