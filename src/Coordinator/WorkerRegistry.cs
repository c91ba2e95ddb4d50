using System.Collections.Concurrent;
using Messages;

namespace Coordinator;

/// <summary>The workers the coordinator has heard from, by their heartbeats.</summary>
public sealed class WorkerRegistry
{
    /// <summary>A worker that missed this many heartbeat periods counts as gone.</summary>
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(7);

    private readonly ConcurrentDictionary<string, DateTime> _lastSeen = new(StringComparer.Ordinal);

    /// <summary>Records a heartbeat.</summary>
    public void Seen(WorkerHeartbeat heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        _lastSeen[heartbeat.Worker] = DateTime.UtcNow;
    }

    /// <summary>Records that <paramref name="worker"/> answered (an answer is as good as a heartbeat).</summary>
    public void Seen(string worker) => _lastSeen[worker] = DateTime.UtcNow;

    /// <summary>Workers heard from recently.</summary>
    public IReadOnlyList<string> Live(DateTime now) => [.. _lastSeen.Where(pair => now - pair.Value < Silence).Select(pair => pair.Key).Order(StringComparer.Ordinal)];
}
