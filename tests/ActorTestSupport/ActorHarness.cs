using Coordinator;
using Data.Store;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Worker;

namespace ActorTestSupport;

/// <summary>
/// MassTransit's test harness (in-memory transport, every message in and out recorded) hosting the coordinator,
/// the workers, or both, over one factor store.
/// </summary>
public sealed class ActorHarness : IAsyncDisposable
{
    private readonly ServiceProvider _provider;

    private ActorHarness(ServiceProvider provider, ITestHarness harness)
    {
        _provider = provider;
        Harness = harness;
    }

    /// <summary>The harness: its bus, and the messages published and consumed.</summary>
    public ITestHarness Harness { get; }

    /// <summary>The run observer's record.</summary>
    public RunProbe Probe => _provider.GetRequiredService<RunProbe>();

    /// <summary>The coordinator's state machine harness (only when the coordinator is hosted).</summary>
    public ISagaStateMachineTestHarness<CoordinatorStateMachine, RunState> Coordinator =>
        Harness.GetSagaStateMachineHarness<CoordinatorStateMachine, RunState>();

    /// <summary>Starts a harness over <paramref name="store"/>.</summary>
    /// <param name="store">The factor store both roles use.</param>
    /// <param name="coordinator">Settings to host the coordinator with, or null for none.</param>
    /// <param name="workers">Blocks solved at once by hosted workers; 0 for no workers.</param>
    public static async Task<ActorHarness> StartAsync(FactorStore store, CoordinatorSettings? coordinator, int workers)
    {
        var services = new ServiceCollection();
        services.AddSingleton(store);
        services.AddSingleton<RunProbe>();
        if (coordinator is not null) services.AddCoordinatorServices(coordinator);
        if (workers > 0) services.AddWorkerServices(store, new WorkerIdentity("test-worker", 1));
        services.AddMassTransitTestHarness(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            bus.AddConsumer<RunProbeConsumer>();
            if (coordinator is not null) bus.AddCoordinator();
            if (workers > 0) bus.AddWorkerConsumers(workers);
            bus.SetTestTimeouts(testTimeout: TimeSpan.FromMinutes(2), testInactivityTimeout: TimeSpan.FromSeconds(3));
        });
        ServiceProvider provider = services.BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        return new ActorHarness(provider, harness);
    }

    /// <summary>
    /// Waits until a message of type <typeparamref name="T"/> matching <paramref name="filter"/> was published, and returns it.
    /// (The harness's own <c>Any</c> stops waiting for good once the bus was idle once; a run has many idle moments.)
    /// </summary>
    public async Task<T> Published<T>(Func<T, bool> filter, TimeSpan? timeout = null) where T : class
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            T? found = Harness.Published.Select<T>().Select(x => x.Context.Message).FirstOrDefault(filter);
            if (found is not null) return found;
            if (DateTime.UtcNow > end) throw new TimeoutException($"No {typeof(T).Name} matching the filter was published in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until a message of type <typeparamref name="T"/> matching <paramref name="filter"/> was sent to a queue, and returns it.</summary>
    public async Task<T> Sent<T>(Func<T, bool> filter, TimeSpan? timeout = null) where T : class
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (true)
        {
            T? found = SentMessages<T>().FirstOrDefault(filter);
            if (found is not null) return found;
            if (DateTime.UtcNow > end) throw new TimeoutException($"No {typeof(T).Name} matching the filter was sent in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>Every message of type <typeparamref name="T"/> sent to a queue so far.</summary>
    public IEnumerable<T> SentMessages<T>() where T : class => Harness.Sent.Select<T>().Select(x => x.Context.Message);

    /// <summary>Waits until <paramref name="count"/> messages of type <typeparamref name="T"/> have been consumed (handled to the end).</summary>
    public async Task Consumed<T>(int count, TimeSpan? timeout = null) where T : class
    {
        DateTime end = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(1));
        while (Harness.Consumed.Select<T>().Count() < count)
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"Fewer than {count} {typeof(T).Name} were consumed in time.");
            await Task.Delay(20);
        }
    }

    /// <summary>Publishes <paramref name="message"/> on the harness's bus.</summary>
    public Task Publish<T>(T message) where T : class => Harness.Bus.Publish(message);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Harness.Stop();
        await _provider.DisposeAsync();
    }
}
