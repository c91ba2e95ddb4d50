using Cli.Reports;

namespace Cli.Tests.Reports;

/// <summary>The log-binned histogram and CCDF against hand-computed cases (the worked example in its docs) and a brute-force count.</summary>
public sealed class LogHistogramTests
{
    [Fact]
    public void The_worked_example_gives_the_documented_counts_densities_and_ccdf()
    {
        LogHistogram histogram = LogHistogram.Build([1, 1, 2, 3, 4, 8]);
        Assert.Equal([2L, 2, 1, 1], histogram.Counts);
        Assert.Equal(6, histogram.Total);
        Assert.Equal(8, histogram.Maximum);
        Assert.Equal([(1.0, 1 / 3.0), (2.0, 1 / 6.0), (4.0, 1 / 24.0), (8.0, 1 / 48.0)], histogram.Density());
        Assert.Equal([(1.0, 1.0), (2.0, 4 / 6.0), (4.0, 2 / 6.0), (8.0, 1 / 6.0)], histogram.Ccdf());
    }

    [Fact]
    public void Empty_bins_are_skipped_in_the_density_but_kept_in_the_ccdf_and_non_positive_values_are_counted_apart()
    {
        LogHistogram histogram = LogHistogram.Build([0, -3, 1, 100]);          // 100 is in bin 6 = [64, 128)
        Assert.Equal(2, histogram.NonPositive);
        Assert.Equal(2, histogram.Total);
        Assert.Equal(7, histogram.Counts.Count);
        Assert.Equal([1.0, 64.0], histogram.Density().Select(point => point.X));
        Assert.Equal([1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5], histogram.Ccdf().Select(point => point.Y));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Ccdf_matches_a_brute_force_count_and_densities_integrate_to_one(int seed)
    {
        var random = new Random(seed);
        long[] values = [.. Enumerable.Range(0, 5_000).Select(_ => (long)Math.Ceiling(Math.Exp(random.NextDouble() * 12)))];   // heavy tail, up to ~160K
        LogHistogram histogram = LogHistogram.Build(values);
        foreach ((double edge, double share) in histogram.Ccdf())
            Assert.Equal(values.Count(value => value >= edge) / 5_000.0, share, 12);
        Assert.Equal(1.0, histogram.Density().Sum(point => point.Y * point.X), 12);   // Σ density × width (= lower edge)
        Assert.Equal(values.Max(), histogram.Maximum);
        Assert.Equal(long.MaxValue, LogHistogram.Build([long.MaxValue]).Maximum);   // the last bin, 2⁶², exists
    }
}
