using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Sampling;

namespace Cli.Tuning;

/// <summary>
/// The grid a search draws from: confidence mode × factors × regularization × alpha × epsilon (log mode only) ×
/// iterations. Each list can be replaced (<c>--grid</c>, <c>--search</c>); <see cref="Default"/> is the built-in grid.
/// Trials are distinct points drawn with a seed, so N trials never repeat one and the same seed gives the same trials.
/// </summary>
/// <remarks>
/// Successive halving treats iterations as its budget, not as a dimension: its points are drawn from the grid without
/// the iterations list, start at the smallest iteration count of the list and grow towards the largest
/// (<see cref="SuccessiveHalving"/>). Random search draws iterations like any other dimension.
/// </remarks>
internal sealed record SearchSpace
{
    /// <summary>The grid keys, named as the <c>als train</c> options they set (without the dashes), in grid order.</summary>
    public static readonly IReadOnlyList<string> Keys = ["confidence", "factors", "regularization", "alpha", "epsilon", "iterations"];

    /// <summary>The built-in grid: 3 modes × 3 factors × 4 regularizations × 4 alphas × 1 epsilon × 3 iteration counts.</summary>
    public static SearchSpace Default { get; } = new();

    /// <summary>Confidence modes: all three, since which one wins depends on how skewed the play counts are.</summary>
    public IReadOnlyList<ConfidenceMode> Confidence { get; init; } = [ConfidenceMode.Linear, ConfidenceMode.Log, ConfidenceMode.Bm25];

    /// <summary>k: half, once and twice the default (64, the speed benchmark's setting).</summary>
    public IReadOnlyList<int> Factors { get; init; } = [32, 64, 128];

    /// <summary>λ: a decade apart, from barely regularized to strongly.</summary>
    public IReadOnlyList<float> Regularization { get; init; } = [0.01f, 0.1f, 1f, 10f];

    /// <summary>
    /// α: a decade apart, since its best value depends on the mode by orders of magnitude: bm25 weights reach hundreds
    /// (α ≈ 0.01 wins on HetRec), log weights a few units, linear ones the raw counts.
    /// </summary>
    public IReadOnlyList<float> Alpha { get; init; } = [0.01f, 0.1f, 1f, 10f];

    /// <summary>ε of the log confidence: only the default unless a grid asks for more.</summary>
    public IReadOnlyList<float> Epsilon { get; init; } = [AlsDefaults.Epsilon];

    /// <summary>
    /// Iterations, a factor of 3 (<see cref="SuccessiveHalving.DefaultEta"/>) apart, so halving's rungs are 2, 6 and 18
    /// iterations: ALS on play counts has mostly settled by 15–20.
    /// </summary>
    public IReadOnlyList<int> Iterations { get; init; } = [2, 6, 18];

    /// <summary>Mixed into the seed so the draw order does not share its stream with the validation sample.</summary>
    private const ulong DrawStream = 0x7475_6E65UL;   // "tune"

    /// <summary>
    /// Every distinct point of the grid, in grid order (confidence slowest, iterations fastest). ε varies only for the
    /// log mode; with <paramref name="withIterations"/> false every point has the smallest iteration count.
    /// </summary>
    /// <exception cref="InvalidOperationException">A list is empty.</exception>
    public IReadOnlyList<SearchPoint> Points(bool withIterations)
    {
        foreach ((string key, int count) in Keys.Zip(new[] { Confidence.Count, Factors.Count, Regularization.Count, Alpha.Count, Epsilon.Count, Iterations.Count }))
            if (count == 0) throw new InvalidOperationException($"The search space has no value for {key}.");
        int[] iterations = withIterations ? [.. Iterations.Distinct()] : [Iterations.Min()];
        var points = new List<SearchPoint>();
        var seen = new HashSet<SearchPoint>();
        foreach (ConfidenceMode confidence in Confidence)
            foreach (int factors in Factors)
                foreach (float regularization in Regularization)
                    foreach (float alpha in Alpha)
                        foreach (float epsilon in confidence == ConfidenceMode.Log ? Epsilon : [AlsDefaults.Epsilon])
                            foreach (int count in iterations)
                            {
                                var point = new SearchPoint(confidence, factors, regularization, alpha, epsilon, count);
                                if (seen.Add(point)) points.Add(point);              // a list given twice the same value: one point
                            }
        return points;
    }

    /// <summary>
    /// <paramref name="count"/> distinct points of <see cref="Points"/>, drawn uniformly with the seeded sampler of the
    /// evaluation (<see cref="RankingEvaluator.Sample"/>), in grid order; all of them when there are no more than
    /// <paramref name="count"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is less than 1.</exception>
    public IReadOnlyList<SearchPoint> Draw(int count, ulong seed, bool withIterations)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        IReadOnlyList<SearchPoint> points = Points(withIterations);
        int[] chosen = RankingEvaluator.Sample([.. Enumerable.Range(0, points.Count)], count, SplitMix64.Mix(seed ^ DrawStream));
        return [.. chosen.Select(index => points[index])];
    }
}
