using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coordinator;

/// <summary>Registers the coordinator's state machine, heartbeat consumer and services.</summary>
public static class CoordinatorRegistration
{
    /// <summary>Adds the state machine (in-memory instances: a restarted coordinator rebuilds from the store) and the heartbeat consumer.</summary>
    public static void AddCoordinator(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddSagaStateMachine<CoordinatorStateMachine, RunState>().InMemoryRepository();
        bus.AddConsumer<WorkerHeartbeatConsumer>();
    }

    /// <summary>Adds the coordinator services (the store must be registered too).</summary>
    public static IServiceCollection AddCoordinatorServices(this IServiceCollection services, CoordinatorSettings settings)
    {
        services.TryAddSingleton(settings);
        services.TryAddSingleton<WorkerRegistry>();
        services.TryAddSingleton<CoordinatorClock>();
        services.TryAddSingleton<RunCoordinator>();
        return services;
    }
}
