namespace Linalg.Evaluation;

/// <summary>
/// Ranking quality at cutoff K, averaged over the evaluated users (those with at least one test item). Definitions
/// follow the project's evaluation protocol; for user u with test set Tᵤ and top-K list (r₁ … r_K):
/// </summary>
/// <remarks>
/// <code>
///   hitsᵤ        = |{j ≤ K : rⱼ ∈ Tᵤ}|
///   Precision@K  = hitsᵤ / K
///   Recall@K     = hitsᵤ / |Tᵤ|
///   NDCG@K       = ∑_{j: rⱼ ∈ Tᵤ} 1/log₂(j + 1)  /  ∑_{j ≤ min(|Tᵤ|, K)} 1/log₂(j + 1)        (binary relevance)
///   MAP@K        = ∑_{j: rⱼ ∈ Tᵤ} (hits among r₁…rⱼ)/j  /  min(|Tᵤ|, K)
///   HitRate@K    = share of users with hitsᵤ ≥ 1
///   Coverage     = distinct items in all top-K lists / all items
/// </code>
/// </remarks>
/// <param name="Cutoff">K.</param>
/// <param name="Users">Users evaluated.</param>
/// <param name="Precision">Mean Precision@K.</param>
/// <param name="Recall">Mean Recall@K.</param>
/// <param name="Ndcg">Mean NDCG@K.</param>
/// <param name="Map">Mean average precision at K.</param>
/// <param name="HitRate">Share of users with at least one hit.</param>
/// <param name="Coverage">Distinct recommended items over all items.</param>
public sealed record RankingMetrics(int Cutoff, int Users, double Precision, double Recall, double Ndcg, double Map,
    double HitRate, double Coverage);
