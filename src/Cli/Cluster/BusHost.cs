using Coordinator;
using Data.Store;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Worker;

namespace Cli.Cluster;

/// <summary>
/// A started MassTransit bus with the roles this process plays: coordinator (state machine, heartbeats, run
/// observer), and/or in-process workers; on the in-memory transport (one process) or RabbitMQ (many).
/// </summary>
internal sealed class BusHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private BusHost(ServiceProvider services, IBusControl bus)
    {
        _services = services;
        Bus = bus;
    }

    /// <summary>The bus.</summary>
    public IBusControl Bus { get; }

    /// <summary>A service of the host's container.</summary>
    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Builds and starts a bus.</summary>
    /// <param name="broker">RabbitMQ, or null for the in-memory transport.</param>
    /// <param name="store">The factor store.</param>
    /// <param name="coordinator">Settings when this process coordinates, else null.</param>
    /// <param name="monitor">Receives run events (with the coordinator).</param>
    /// <param name="workers">In-process workers (blocks solved at once); 0 for none.</param>
    /// <param name="workerThreads">Threads per block solve.</param>
    /// <param name="cancellationToken">Stops waiting for the broker.</param>
    public static async Task<BusHost> StartAsync(BrokerAddress? broker, FactorStore store, CoordinatorSettings? coordinator, RunMonitor? monitor,
        int workers, int workerThreads, CancellationToken cancellationToken)
    {
        var services = new ServiceCollection();
        services.AddSingleton(store);
        if (coordinator is not null) services.AddCoordinatorServices(coordinator);
        if (monitor is not null) services.AddSingleton(monitor);
        if (workers > 0) services.AddWorkerServices(store, WorkerIdentity.ForThisProcess(workerThreads), broker is null || coordinator is not null ? null : Console.Out);
        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            if (coordinator is not null)
            {
                bus.AddCoordinator();
                bus.AddConsumer<RunObserver>().Endpoint(endpoint => endpoint.Temporary = true);   // only the live process cares
            }
            if (workers > 0) bus.AddWorkerConsumers(workers);
            if (broker is null)
            {
                bus.UsingInMemory((context, configuration) => configuration.ConfigureEndpoints(context));
                return;
            }
            bus.UsingRabbitMq((context, configuration) =>
            {
                configuration.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, host =>
                {
                    host.Username(broker.User);
                    host.Password(broker.Password);
                    host.Heartbeat(TimeSpan.FromSeconds(5));
                });
                configuration.ConfigureEndpoints(context);
            });
        });
        ServiceProvider provider = services.BuildServiceProvider();
        var control = provider.GetRequiredService<IBusControl>();
        try
        {
            await control.StartAsync(cancellationToken);
        }
        catch
        {
            await provider.DisposeAsync();
            throw;
        }
        return new BusHost(provider, control);
    }

    /// <summary>Null when the bus and all its receive endpoints are connected, else what is wrong.</summary>
    public static string? Problem(IBusControl bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        BusHealthResult health = bus.CheckHealth();
        return health.Status == BusHealthStatus.Healthy ? null : $"{health.Status}: {health.Description}";
    }

    /// <summary>Stops the bus, letting messages in progress finish (a worker's current block is completed and acknowledged).</summary>
    public async ValueTask DisposeAsync()
    {
        await Bus.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
