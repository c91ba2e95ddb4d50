using Linalg.Evaluation;
using Linalg.Sampling;

namespace Cli.Tuning;

/// <summary>
/// The grid random search draws from: factors × regularization × iterations × alpha, 4 × 4 × 3 × 4 = 192 points.
/// Trials are distinct points drawn with a seed, so N trials never repeat one and the same seed gives the same trials.
/// </summary>
internal static class SearchSpace
{
    /// <summary>k: from cheap to the size where the 360K data stops gaining.</summary>
    public static readonly int[] Factors = [30, 50, 70, 100];

    /// <summary>λ: a decade apart at the low end, where implicit ALS is most sensitive.</summary>
    public static readonly float[] Regularization = [0.001f, 0.01f, 0.05f, 0.1f];

    /// <summary>Iterations: ALS converges in ~10–20 on play counts.</summary>
    public static readonly int[] Iterations = [10, 15, 20];

    /// <summary>α of the linear confidence c = 1 + α·plays.</summary>
    public static readonly float[] Alpha = [0.5f, 1f, 2f, 5f];

    /// <summary>Distinct points of the grid: the most trials a search can run.</summary>
    public static int Size => Factors.Length * Regularization.Length * Iterations.Length * Alpha.Length;

    /// <summary>Mixed into the seed so the draw order does not share its stream with the validation sample.</summary>
    private const ulong DrawStream = 0x7475_6E65UL;   // "tune"

    /// <summary>
    /// <paramref name="count"/> distinct points of the grid, drawn uniformly with the seeded sampler of the evaluation
    /// (<see cref="RankingEvaluator.Sample"/>), in grid order (factors slowest, alpha fastest).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not in 1 … <see cref="Size"/>.</exception>
    public static IReadOnlyList<(int Factors, float Regularization, int Iterations, float Alpha)> Draw(int count, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, Size);
        int[] points = RankingEvaluator.Sample([.. Enumerable.Range(0, Size)], count, SplitMix64.Mix(seed ^ DrawStream));
        return [.. points.Select(point =>
        {
            int alpha = point % Alpha.Length, rest = point / Alpha.Length;
            int iterations = rest % Iterations.Length;
            rest /= Iterations.Length;
            return (Factors[rest / Regularization.Length], Regularization[rest % Regularization.Length], Iterations[iterations], Alpha[alpha]);
        })];
    }
}
