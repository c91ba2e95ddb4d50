namespace Linalg.Als;

/// <summary>The full implicit-ALS loss of a model.</summary>
/// <param name="Total">L = ∑ᵤᵢ cᵤᵢ(pᵤᵢ − xᵤ·yᵢ)² + λ(∑ᵤ‖xᵤ‖² + ∑ᵢ‖yᵢ‖²) over every user–item pair: the objective ALS minimises.</param>
/// <param name="Normalized">L divided by the total confidence ∑ᵤᵢ cᵤᵢ (observed confidences plus 1 per unobserved pair),
/// comparable across data sizes; the figure <c>implicit</c> reports as its training loss.</param>
public readonly record struct LossValue(double Total, double Normalized);
