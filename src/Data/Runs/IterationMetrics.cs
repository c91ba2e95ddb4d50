using System.Text.Json.Serialization;
using Linalg.Evaluation;

namespace Data.Runs;

/// <summary>
/// One line of <c>metrics.jsonl</c> (and the content of <c>baseline.json</c>): the state of a run after an
/// iteration. Field names are snake_case in JSON.
/// </summary>
/// <param name="Iteration">1-based iteration; 0 for the popularity baseline.</param>
/// <param name="Seconds">Wall time of the iteration's training work (evaluation excluded).</param>
/// <param name="Loss">Normalised full implicit loss (see <c>LossValue.Normalized</c>); null for the baseline.</param>
/// <param name="Precision">Precision@K.</param>
/// <param name="Recall">Recall@K.</param>
/// <param name="Ndcg">NDCG@K.</param>
/// <param name="Map">MAP@K.</param>
/// <param name="HitRate">HitRate@K.</param>
/// <param name="Coverage">Catalogue coverage of the top-K lists.</param>
/// <param name="At">The ranking cutoff K of the metrics (JSON <c>at</c>: "k" is the factor count).</param>
/// <param name="EvalUsers">Users evaluated.</param>
/// <param name="ValidationPrecision">Precision@10 on the run's validation rows (carved from training, never trained on); null without validation.</param>
/// <param name="ValidationNdcg">NDCG@10 on the validation rows: what <c>--keep-best</c> and <c>--early-stopping</c> follow; null without validation.</param>
/// <param name="ValidationUsers">Validation users evaluated; null without validation.</param>
public sealed record IterationMetrics(
    int Iteration,
    double Seconds,
    double? Loss,
    double Precision,
    double Recall,
    double Ndcg,
    double Map,
    [property: JsonPropertyName("hit_rate")] double HitRate,
    double Coverage,
    int At,
    [property: JsonPropertyName("eval_users")] int EvalUsers,
    [property: JsonPropertyName("validation_precision"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidationPrecision = null,
    [property: JsonPropertyName("validation_ndcg"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ValidationNdcg = null,
    [property: JsonPropertyName("validation_users"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? ValidationUsers = null)
{
    /// <summary>The record for iteration <paramref name="iteration"/> from its metrics.</summary>
    /// <param name="iteration">The iteration.</param>
    /// <param name="seconds">Its training seconds.</param>
    /// <param name="loss">Its loss.</param>
    /// <param name="metrics">Its test metrics.</param>
    /// <param name="validation">Its validation metrics, when the run has a validation set.</param>
    public static IterationMetrics From(int iteration, double seconds, double? loss, RankingMetrics metrics, RankingMetrics? validation = null) =>
        new(iteration, seconds, loss, metrics.Precision, metrics.Recall, metrics.Ndcg, metrics.Map, metrics.HitRate,
            metrics.Coverage, metrics.Cutoff, metrics.Users, validation?.Precision, validation?.Ndcg, validation?.Users);
}
