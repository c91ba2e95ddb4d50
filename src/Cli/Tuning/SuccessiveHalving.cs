namespace Cli.Tuning;

/// <summary>
/// The rungs of successive halving (Jamieson and Talwalkar 2016): N points train to the first rung's iteration count
/// and are scored; the best ⌈n/η⌉ continue to the next rung's count, and so on up to the largest count.
/// </summary>
/// <remarks>
/// Worked example, 20 points, iterations 2, 6, 18, η = 3: 20 trials at 2 iterations, the best 7 continue to 6, the best
/// 3 of those to 18, so 30 trials cost 20·2 + 7·4 + 3·12 = 104 iterations where 20 full trials at 18 would cost 360.
/// A survivor continues from its own factors (ALS only needs the current factors to go on), so its score at 18
/// iterations is the score of a run trained for 18 from the start. When a single point survives before the last rung it
/// still continues, so the search reports its score at every iteration count.
/// </remarks>
internal static class SuccessiveHalving
{
    /// <summary>η: keep a third at each rung, the usual choice, so three rungs take 20 points down to 3.</summary>
    public const int DefaultEta = 3;

    /// <summary>Largest η accepted: keeping fewer than a tenth per rung leaves the first rung's noise to decide.</summary>
    public const int MaxEta = 10;

    /// <summary>The rungs for <paramref name="points"/> points: each distinct iteration count, ascending, with the points that train to it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No point, no iteration count, or η below 2.</exception>
    public static IReadOnlyList<(int Iterations, int Points)> Rungs(int points, IReadOnlyList<int> iterations, int eta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 1);
        ArgumentNullException.ThrowIfNull(iterations);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations.Count, 1, nameof(iterations));
        ArgumentOutOfRangeException.ThrowIfLessThan(eta, 2);
        var rungs = new List<(int, int)>();
        int alive = points;
        foreach (int count in iterations.Distinct().Order())
        {
            rungs.Add((count, alive));
            alive = (alive + eta - 1) / eta;                                      // ⌈alive/η⌉, at least one
        }
        return rungs;
    }
}
