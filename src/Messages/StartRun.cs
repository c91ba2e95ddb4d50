namespace Messages;

/// <summary>Command to the coordinator: start (or resume) run <paramref name="RunId"/>, whose plan is in the factor store.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Resume">Continue from the newest valid checkpoint instead of starting from iteration 0.</param>
public sealed record StartRun(Guid RunId, bool Resume);
