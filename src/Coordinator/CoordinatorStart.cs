namespace Coordinator;

/// <summary>What a node needs to host the coordinator singleton of one run.</summary>
/// <param name="Work">The store work of the run.</param>
/// <param name="RunId">The run.</param>
/// <param name="Resume">Continue from the newest sound checkpoint.</param>
/// <param name="Settings">Patience and retries.</param>
/// <param name="Listener">Receives status lines, iteration rows and the end.</param>
/// <param name="Time">The clock of deadlines and stalls.</param>
public sealed record CoordinatorStart(RunCoordinator Work, Guid RunId, bool Resume, CoordinatorSettings Settings, IRunListener Listener, TimeProvider Time);
