using MassTransit;
using Messages;

namespace Coordinator;

/// <summary>
/// The coordinator actor: one instance per run, moving SolvingUsers → SolvingItems → Evaluating per iteration
/// (each state a barrier over the blocks), then Done or Failed. The work at each step is in <see cref="RunCoordinator"/>.
/// </summary>
/// <remarks>
/// Events that do not belong to the current phase (an older attempt or iteration, a duplicate) match no
/// <c>When</c> filter and are ignored; events for a run this coordinator does not hold are discarded. A failed
/// or finished run's instance is removed, so a later <see cref="StartRun"/> (a resume) starts afresh.
/// </remarks>
public sealed class CoordinatorStateMachine : MassTransitStateMachine<RunState>
{
    /// <summary>Builds the machine around <paramref name="coordinator"/>.</summary>
    public CoordinatorStateMachine(RunCoordinator coordinator)
    {
        ArgumentNullException.ThrowIfNull(coordinator);
        InstanceState(x => x.CurrentState);
        Event(() => Start, e => e.CorrelateById(c => c.Message.RunId));
        Event(() => Solved, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Evaluated, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Failed, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.OnMissingInstance(m => m.Discard());
        });
        Event(() => Tick, e =>
        {
            e.CorrelateById(c => c.Message.RunId);
            e.OnMissingInstance(m => m.Discard());
        });

        Initially(
            When(Start)
                .ThenAsync(coordinator.BeginAsync)
                .IfElse(context => context.Saga.Finished,
                    finished => finished.TransitionTo(Done).Finalize(),
                    running => running.TransitionTo(SolvingUsers)));

        During(SolvingUsers,
            When(Solved, context => RunCoordinator.Accepts(context.Saga, context.Message, BlockSide.Users))
                .Then(context => coordinator.Record(context.Saga, context.Message))
                .If(context => context.Saga.Pending.Count == 0, barrier => barrier
                    .ThenAsync(coordinator.CompleteUsersAsync)
                    .TransitionTo(SolvingItems)));

        During(SolvingItems,
            When(Solved, context => RunCoordinator.Accepts(context.Saga, context.Message, BlockSide.Items))
                .Then(context => coordinator.Record(context.Saga, context.Message))
                .If(context => context.Saga.Pending.Count == 0, barrier => barrier
                    .ThenAsync(coordinator.CompleteItemsAsync)
                    .TransitionTo(Evaluating)));

        During(Evaluating,
            When(Evaluated, context => RunCoordinator.Accepts(context.Saga, context.Message))
                .Then(context => coordinator.Record(context.Saga, context.Message))
                .If(context => context.Saga.Pending.Count == 0, barrier => barrier
                    .ThenAsync(coordinator.CompleteEvaluationAsync)
                    .IfElse(context => context.Saga.Finished,
                        finished => finished.TransitionTo(Done).Finalize(),
                        next => next.TransitionTo(SolvingUsers))));

        During(SolvingUsers, SolvingItems, Evaluating,
            When(Failed, context => context.Message.Attempt == context.Saga.Attempt && context.Message.Iteration == context.Saga.Iteration)
                .ThenAsync(RunCoordinator.FailAsync)
                .TransitionTo(FailedRun)
                .Finalize(),
            When(Tick)
                .ThenAsync(async context => context.Saga.Finished = await coordinator.CheckProgressAsync(context))
                .If(context => context.Saga.Finished, stalled => stalled.TransitionTo(FailedRun).Finalize()));

        OnUnhandledEvent(context => context.Ignore());
        SetCompletedWhenFinalized();
    }

    /// <summary>Solving user blocks (items fixed).</summary>
    public State SolvingUsers { get; private set; } = null!;

    /// <summary>Solving item blocks (users fixed).</summary>
    public State SolvingItems { get; private set; } = null!;

    /// <summary>Evaluating user blocks (loss and metrics).</summary>
    public State Evaluating { get; private set; } = null!;

    /// <summary>Every iteration is done and the model saved.</summary>
    public State Done { get; private set; } = null!;

    /// <summary>The run failed (a worker's error, or no progress until the timeout).</summary>
    public State FailedRun { get; private set; } = null!;

    /// <summary>Start or resume.</summary>
    public Event<StartRun> Start { get; private set; } = null!;

    /// <summary>A block was solved.</summary>
    public Event<BlockSolved> Solved { get; private set; } = null!;

    /// <summary>A block was evaluated.</summary>
    public Event<BlockEvaluated> Evaluated { get; private set; } = null!;

    /// <summary>A block cannot be done.</summary>
    public Event<BlockFailed> Failed { get; private set; } = null!;

    /// <summary>The clock.</summary>
    public Event<CheckProgress> Tick { get; private set; } = null!;
}
