using System.Numerics.Tensors;
using Linalg.Dense;

namespace Linalg.Als;

/// <summary>
/// Why a user gets a score for an item: the decomposition of Hu, Koren, Volinsky 2008, section 5. With the item
/// factors Y fixed, the user's exact least-squares factor is xᵤ = Wᵘ Yᵀ Cᵘ p(u) with Wᵘ = (YᵀCᵘY + λI)⁻¹, so the
/// predicted preference for item i is
/// <code>
///   p̂ᵤᵢ = yᵢᵀ xᵤ = ∑_{j: rᵤⱼ &gt; 0} sᵘᵢⱼ cᵤⱼ        sᵘᵢⱼ = yᵢᵀ Wᵘ yⱼ
/// </code>
/// a sum over the items the user played (pᵤⱼ = 0 elsewhere): each term is the share of item j in the score.
/// </summary>
/// <remarks>
/// Wᵘ is never formed: Aᵤ = YᵀCᵘY + λI = (YᵀY + λI) + ∑ⱼ (cᵤⱼ − 1)yⱼyⱼᵀ is built and factored (Cholesky, double
/// precision, the half-step's own routines), one solve gives v = Wᵘyᵢ (Wᵘ is symmetric), and sᵘᵢⱼ = vᵀyⱼ. Cost:
/// O(nᵤk² + k³) for one user, whatever the catalogue size.
/// </remarks>
public static class ScoreExplanation
{
    /// <summary>
    /// The per-item contributions sᵘᵢⱼcᵤⱼ to the score of <paramref name="item"/> for a user who played
    /// <paramref name="columns"/> with <paramref name="plays"/>, written to <paramref name="contributions"/> (same order as
    /// <paramref name="columns"/>).
    /// </summary>
    /// <param name="columns">The user's played items (indices into <paramref name="itemFactors"/>).</param>
    /// <param name="plays">Their play counts.</param>
    /// <param name="item">The item whose score is explained.</param>
    /// <param name="itemFactors">Y.</param>
    /// <param name="gram">YᵀY (k × k, double).</param>
    /// <param name="options">λ, α, confidence mode and ε of the model.</param>
    /// <param name="contributions">Receives one term per played item.</param>
    /// <returns>The sum of the contributions: the score of the exactly solved user factor.</returns>
    /// <exception cref="ArgumentException">Lengths disagree or an index lies outside Y.</exception>
    /// <exception cref="NotPositiveDefiniteException">Aᵤ is singular (λ = 0 and too few played items).</exception>
    public static double Explain(ReadOnlySpan<int> columns, ReadOnlySpan<float> plays, int item, FactorMatrix itemFactors, double[] gram,
        AlsOptions options, Span<double> contributions)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(options);
        int k = itemFactors.Factors;
        if (columns.Length != plays.Length || contributions.Length < columns.Length)
            throw new ArgumentException($"{columns.Length} columns, {plays.Length} play counts and room for {contributions.Length} contributions.");
        if (gram.Length != k * k) throw new ArgumentException($"The Gram matrix has {gram.Length} entries; k = {k} needs {k * k}.", nameof(gram));
        if ((uint)item >= (uint)itemFactors.Rows) throw new ArgumentException($"Item {item} is outside the {itemFactors.Rows} item rows.", nameof(item));
        foreach (int column in columns)
            if ((uint)column >= (uint)itemFactors.Rows)
                throw new ArgumentException($"Played item {column} is outside the {itemFactors.Rows} item rows.", nameof(columns));

        var confidence = new float[columns.Length];
        Confidence.ComputeUserRow(columns, plays, options, confidence);
        var system = (double[])gram.Clone();
        for (int d = 0; d < k; d++) system[d * k + d] += options.Regularization;
        var factor = new double[k];
        for (int j = 0; j < columns.Length; j++)                      // Aᵤ += (cᵤⱼ − 1) yⱼyⱼᵀ, lower triangle
        {
            Widen(itemFactors.Row(columns[j]), factor);
            double weight = confidence[j] - 1.0;
            for (int r = 0; r < k; r++)
            {
                Span<double> lower = system.AsSpan(r * k, r + 1);
                TensorPrimitives.MultiplyAdd(factor.AsSpan(0, r + 1), weight * factor[r], lower, lower);
            }
        }
        HalfStep.CholeskyFactor(system, k, row: 0);
        var solved = new double[k];                                   // v = Wᵘ yᵢ
        Widen(itemFactors.Row(item), solved);
        HalfStep.CholeskySubstitute(system, k, solved);

        double total = 0;
        for (int j = 0; j < columns.Length; j++)
        {
            Widen(itemFactors.Row(columns[j]), factor);
            contributions[j] = TensorPrimitives.Dot(solved, factor) * confidence[j];   // sᵘᵢⱼ cᵤⱼ
            total += contributions[j];
        }
        return total;
    }

    private static void Widen(ReadOnlySpan<float> source, Span<double> destination)
    {
        for (int d = 0; d < source.Length; d++) destination[d] = source[d];
    }
}
