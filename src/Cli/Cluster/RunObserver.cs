using MassTransit;
using Messages;

namespace Cli.Cluster;

/// <summary>Feeds run events to the <see cref="RunMonitor"/> of the process that started the run.</summary>
internal sealed class RunObserver(RunMonitor monitor) : IConsumer<IterationCompleted>, IConsumer<RunStatus>, IConsumer<RunFinished>
{
    public Task Consume(ConsumeContext<IterationCompleted> context)
    {
        monitor.OnIteration(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunStatus> context)
    {
        monitor.OnStatus(context.Message);
        return Task.CompletedTask;
    }

    public Task Consume(ConsumeContext<RunFinished> context)
    {
        monitor.OnFinished(context.Message);
        return Task.CompletedTask;
    }
}
