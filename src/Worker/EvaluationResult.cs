using Linalg.Als;
using Linalg.Evaluation;

namespace Worker;

/// <summary>One user block's share of the loss and of the ranking metrics.</summary>
/// <param name="Loss">Observed-entry loss terms.</param>
/// <param name="Metrics">Metric sums over the block's evaluated users.</param>
/// <param name="Validation">Metric sums (@10) over the block's validation users, when the run has a validation set.</param>
public sealed record EvaluationResult(ObservedLossTerms Loss, MetricsState Metrics, MetricsState? Validation = null);
