namespace Messages;

/// <summary>Event: an iteration is checkpointed, with its metrics (what metrics.jsonl records).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Iteration">The iteration.</param>
/// <param name="Seconds">Wall time of its two half-steps.</param>
/// <param name="Loss">Normalised full loss.</param>
/// <param name="Precision">Precision@K.</param>
/// <param name="Recall">Recall@K.</param>
/// <param name="Ndcg">NDCG@K.</param>
/// <param name="Map">MAP@K.</param>
/// <param name="HitRate">HitRate@K.</param>
/// <param name="Coverage">Coverage.</param>
/// <param name="Cutoff">K.</param>
/// <param name="EvalUsers">Users evaluated.</param>
/// <param name="EvaluationSeconds">Wall time of the evaluation.</param>
/// <param name="ValidationPrecision">Precision@10 on the validation rows (null without validation).</param>
/// <param name="ValidationNdcg">NDCG@10 on the validation rows (null without validation).</param>
/// <param name="ValidationUsers">Validation users evaluated.</param>
/// <param name="BestIteration">The iteration with the best validation NDCG so far (null without validation).</param>
public sealed record IterationCompleted(Guid RunId, int Iteration, double Seconds, double Loss, double Precision, double Recall, double Ndcg, double Map,
    double HitRate, double Coverage, int Cutoff, int EvalUsers, double EvaluationSeconds, double? ValidationPrecision = null, double? ValidationNdcg = null,
    int ValidationUsers = 0, int? BestIteration = null) : IAlsMessage;
