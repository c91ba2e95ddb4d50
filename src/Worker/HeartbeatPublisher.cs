using MassTransit;
using Messages;

namespace Worker;

/// <summary>Publishes a <see cref="WorkerHeartbeat"/> every <see cref="Interval"/> while the worker runs.</summary>
public static class HeartbeatPublisher
{
    /// <summary>Heartbeat period: the coordinator calls a worker gone after several missed beats.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    /// <summary>Beats until <paramref name="cancellationToken"/> is cancelled; a failed publish (broker away) is retried at the next beat.</summary>
    public static async Task RunAsync(IBus bus, WorkerIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(bus);
        ArgumentNullException.ThrowIfNull(identity);
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                await bus.Publish(new WorkerHeartbeat(identity.Name, identity.Threads, DateTime.UtcNow), cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // The broker is away (restarting): the next beat tries again; the coordinator sees the gap meanwhile.
            }
        }
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false));
    }
}
