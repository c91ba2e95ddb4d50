namespace Messages;

/// <summary>Answer: a block actor's work ended in an exception (damaged file, singular system, full or read-only disk, …). The coordinator
/// retries a bounded number of times, then fails the run with this error.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The attempt of the command.</param>
/// <param name="Iteration">The iteration.</param>
/// <param name="Work">What failed: "solve users", "solve items" or "evaluate".</param>
/// <param name="BlockId">The block.</param>
/// <param name="Error">The exception's type and message (with the file and place it names).</param>
/// <param name="Worker">Who failed.</param>
public sealed record BlockFailed(Guid RunId, int Attempt, int Iteration, string Work, int BlockId, string Error, string Worker) : IAlsMessage;
