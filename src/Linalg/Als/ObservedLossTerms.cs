namespace Linalg.Als;

/// <summary>
/// The parts of the implicit loss that need the observed entries, summed over a set of rows: partial results
/// of blocks add up with <see cref="Add"/> (in block order, so the total is deterministic).
/// </summary>
/// <param name="Correction">∑_{(u,i) observed} [cᵤᵢ(1 − sᵤᵢ)² − sᵤᵢ²], sᵤᵢ = xᵤ·yᵢ: what the observed entries add
/// beyond the "everything unobserved" term ∑ sᵤᵢ².</param>
/// <param name="ConfidenceSum">∑ cᵤᵢ over the observed entries.</param>
/// <param name="Entries">Number of observed entries.</param>
public readonly record struct ObservedLossTerms(double Correction, double ConfidenceSum, long Entries)
{
    /// <summary>The sum of two partial results.</summary>
    public ObservedLossTerms Add(ObservedLossTerms other) =>
        new(Correction + other.Correction, ConfidenceSum + other.ConfidenceSum, Entries + other.Entries);
}
