namespace Messages;

/// <summary>Event: one user block's share of the ranking metrics (the loss's share comes with the item blocks' <see cref="BlockSolved"/>).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The attempt of the command answered.</param>
/// <param name="Iteration">The iteration.</param>
/// <param name="BlockId">The user block.</param>
/// <param name="Metrics">Ranking-metric sums of the block's evaluated users.</param>
/// <param name="Worker">Who evaluated it.</param>
/// <param name="Seconds">Time spent.</param>
/// <param name="Validation">Ranking-metric sums (@10) of the block's validation users against their validation rows; null when the run has no validation set.</param>
public sealed record BlockEvaluated(Guid RunId, int Attempt, int Iteration, int BlockId, MetricsPartial Metrics, string Worker, double Seconds, MetricsPartial? Validation = null) : IAlsMessage;
