namespace Cli.Reports;

/// <summary>
/// A log-binned histogram and the complementary CDF of positive counts (plays per row, artists per user, listeners per
/// artist): the heavy-tailed shapes of listening data read as straight-ish lines on log-log axes.
/// </summary>
/// <remarks>
/// Bin b holds the values in [2ᵇ, 2ᵇ⁺¹): width 2ᵇ, so bins 0, 1, 2, 3 are {1}, {2, 3}, {4 … 7}, {8 … 15}.
/// <code>
///   Density(b) = count(b) / (n · 2ᵇ)          share of values per unit of x in the bin (comparable across widths)
///   Ccdf(b)    = |{v : v ≥ 2ᵇ}| / n          share of values at least the bin's lower edge
/// </code>
/// Worked example, values 1, 1, 2, 3, 4, 8 (n = 6): counts 2, 2, 1, 1; densities 1/3, 1/6, 1/24, 1/48;
/// CCDF at 1, 2, 4, 8: 1, 4/6, 2/6, 1/6. Values below 1 cannot be placed on a log axis and are counted in
/// <see cref="NonPositive"/> (they are not in n).
/// </remarks>
internal sealed class LogHistogram
{
    /// <summary>Bins needed for any value up to <see cref="long.MaxValue"/> (2⁶³).</summary>
    private const int MaxBins = 63;

    private LogHistogram(long[] counts, long total, long nonPositive, long maximum)
    {
        Counts = counts;
        Total = total;
        NonPositive = nonPositive;
        Maximum = maximum;
    }

    /// <summary>Values per bin, bin b = [2ᵇ, 2ᵇ⁺¹); trailing empty bins are dropped.</summary>
    public IReadOnlyList<long> Counts { get; }

    /// <summary>n, the values placed in bins.</summary>
    public long Total { get; }

    /// <summary>Values below 1, left out.</summary>
    public long NonPositive { get; }

    /// <summary>The largest value (0 when none).</summary>
    public long Maximum { get; }

    /// <summary>Bins the values of <paramref name="values"/>.</summary>
    public static LogHistogram Build(IEnumerable<long> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new long[MaxBins + 1];
        long total = 0, nonPositive = 0, maximum = 0;
        int used = 0;
        foreach (long value in values)
        {
            if (value < 1) { nonPositive++; continue; }
            int bin = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value);   // ⌊log₂ value⌋
            counts[bin]++;
            total++;
            used = Math.Max(used, bin + 1);
            maximum = Math.Max(maximum, value);
        }
        return new LogHistogram(counts[..used], total, nonPositive, maximum);
    }

    /// <summary>The lower edge 2ᵇ of bin <paramref name="bin"/>.</summary>
    public static long LowerEdge(int bin) => 1L << bin;

    /// <summary>(lower edge, density) of every non-empty bin, for a log-log plot.</summary>
    public IReadOnlyList<(double X, double Y)> Density()
    {
        var points = new List<(double X, double Y)>();
        for (int bin = 0; bin < Counts.Count; bin++)
            if (Counts[bin] > 0) points.Add((LowerEdge(bin), Counts[bin] / ((double)Total * LowerEdge(bin))));
        return points;
    }

    /// <summary>(lower edge, share of values ≥ it) of every bin up to the last non-empty one.</summary>
    public IReadOnlyList<(double X, double Y)> Ccdf()
    {
        var points = new List<(double X, double Y)>();
        long atLeast = Total;
        for (int bin = 0; bin < Counts.Count; bin++)
        {
            points.Add((LowerEdge(bin), (double)atLeast / Total));
            atLeast -= Counts[bin];
        }
        return points;
    }
}
