namespace Linalg.Evaluation;

/// <summary>
/// The sums inside a <see cref="MetricsAccumulator"/>, to send partial results between processes and merge them
/// (in block order, for deterministic totals).
/// </summary>
/// <param name="Cutoff">K.</param>
/// <param name="Items">Catalogue size.</param>
/// <param name="Users">Users added.</param>
/// <param name="HitUsers">Users with at least one hit.</param>
/// <param name="Precision">Sum of per-user Precision@K.</param>
/// <param name="Recall">Sum of per-user Recall@K.</param>
/// <param name="Ndcg">Sum of per-user NDCG@K.</param>
/// <param name="Map">Sum of per-user AP@K.</param>
/// <param name="Covered">Bit set of recommended items (bit i of byte i / 8).</param>
public sealed record MetricsState(int Cutoff, int Items, int Users, int HitUsers, double Precision, double Recall, double Ndcg, double Map, byte[] Covered);
