using Linalg.Evaluation;

namespace Worker;

/// <summary>One user block's share of the ranking metrics (its loss terms come with the item half-step's answers).</summary>
/// <param name="Metrics">Metric sums over the block's evaluated users.</param>
/// <param name="Validation">Metric sums (@10) over the block's validation users, when the run has a validation set.</param>
public sealed record EvaluationResult(MetricsState Metrics, MetricsState? Validation = null);
