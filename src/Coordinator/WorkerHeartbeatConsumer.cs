using MassTransit;
using Messages;

namespace Coordinator;

/// <summary>Feeds worker heartbeats into the <see cref="WorkerRegistry"/>.</summary>
public sealed class WorkerHeartbeatConsumer(WorkerRegistry registry) : IConsumer<WorkerHeartbeat>
{
    /// <inheritdoc/>
    public Task Consume(ConsumeContext<WorkerHeartbeat> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        registry.Seen(context.Message);
        return Task.CompletedTask;
    }
}
