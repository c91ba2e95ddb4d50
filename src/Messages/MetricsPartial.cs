namespace Messages;

/// <summary>Ranking-metric sums over the evaluated users of one block (merged by the coordinator in block order).</summary>
/// <param name="Cutoff">K.</param>
/// <param name="Items">Catalogue size.</param>
/// <param name="Users">Users evaluated.</param>
/// <param name="HitUsers">Users with at least one hit.</param>
/// <param name="Precision">Sum of Precision@K.</param>
/// <param name="Recall">Sum of Recall@K.</param>
/// <param name="Ndcg">Sum of NDCG@K.</param>
/// <param name="Map">Sum of AP@K.</param>
/// <param name="Covered">Bit set of recommended items.</param>
public sealed record MetricsPartial(int Cutoff, int Items, int Users, int HitUsers, double Precision, double Recall, double Ndcg, double Map, byte[] Covered);
