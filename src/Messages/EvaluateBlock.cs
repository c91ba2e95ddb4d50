namespace Messages;

/// <summary>Command: compute the loss terms and ranking metrics of one user block after an iteration.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">Coordinator epoch.</param>
/// <param name="Iteration">The iteration just completed.</param>
/// <param name="BlockId">The user block.</param>
public sealed record EvaluateBlock(Guid RunId, int Attempt, int Iteration, int BlockId) : IAlsMessage;
