namespace Data.Models;

/// <summary>A listener the model never saw, folded in: its factor row and its recommendations.</summary>
/// <param name="Factors">xᵤ = (YᵀCᵤY + λI)⁻¹YᵀCᵤp(u), k floats.</param>
/// <param name="Recommendations">The best artists for it, its own artists left out.</param>
public sealed record FoldedInListener(float[] Factors, IReadOnlyList<ArtistScore> Recommendations);
