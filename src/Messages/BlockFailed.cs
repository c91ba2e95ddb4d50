namespace Messages;

/// <summary>Event: a worker could not do a block's work (corrupt input, inconsistent store): retrying would fail again, so the run stops with this error.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The attempt of the command.</param>
/// <param name="Iteration">The iteration.</param>
/// <param name="Work">What failed: "solve users", "solve items" or "evaluate".</param>
/// <param name="BlockId">The block.</param>
/// <param name="Error">The error, with the file and place it names.</param>
/// <param name="Worker">Who failed.</param>
public sealed record BlockFailed(Guid RunId, int Attempt, int Iteration, string Work, int BlockId, string Error, string Worker);
