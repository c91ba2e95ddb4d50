using Data.Store;
using MassTransit;
using Messages;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Worker;

/// <summary>Registers the worker's consumers and services with MassTransit and the service container.</summary>
public static class WorkerRegistration
{
    /// <summary>
    /// Adds the block consumers. <paramref name="concurrentBlocks"/> blocks run at once in this process (in-process
    /// "workers"); the prefetch matches it, so a process never holds commands another worker could be running.
    /// </summary>
    public static void AddWorkerConsumers(this IBusRegistrationConfigurator bus, int concurrentBlocks)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<SolveBlockConsumer>().Endpoint(endpoint =>
        {
            endpoint.Name = WorkQueues.SolveBlock;
            endpoint.ConcurrentMessageLimit = concurrentBlocks;
            endpoint.PrefetchCount = concurrentBlocks;
        });
        bus.AddConsumer<EvaluateBlockConsumer>().Endpoint(endpoint =>
        {
            endpoint.Name = WorkQueues.EvaluateBlock;
            endpoint.ConcurrentMessageLimit = concurrentBlocks;
            endpoint.PrefetchCount = concurrentBlocks;
        });
    }

    /// <summary>Adds the worker services: the store (given), a <see cref="BlockWorker"/>, the identity and the block log (to <paramref name="log"/>, or silent).</summary>
    public static IServiceCollection AddWorkerServices(this IServiceCollection services, FactorStore store, WorkerIdentity identity, TextWriter? log = null)
    {
        services.TryAddSingleton(new BlockLog(log));
        services.TryAddSingleton(store);
        services.TryAddSingleton(identity);
        services.TryAddSingleton(provider => new BlockWorker(provider.GetRequiredService<FactorStore>(), identity.Threads));
        return services;
    }
}
