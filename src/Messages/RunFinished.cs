namespace Messages;

/// <summary>Event: the run ended: the model is written (Succeeded) or the run failed with <paramref name="Error"/>.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The coordinator's attempt.</param>
/// <param name="Succeeded">Whether every iteration completed and the model was saved.</param>
/// <param name="Error">Why it failed.</param>
public sealed record RunFinished(Guid RunId, int Attempt, bool Succeeded, string? Error) : IAlsMessage;
