using Linalg.Sampling;

namespace Linalg.Tests.Sampling;

public sealed class SplitMix64Tests
{
    [Fact]
    public void Matches_the_published_reference_sequence_for_seed_zero()
    {
        // First outputs of the SplitMix64 reference implementation (Vigna) started at state 0.
        var random = new SplitMix64(0);
        Assert.Equal(0xE220A8397B1DCDAFUL, random.NextUInt64());
        Assert.Equal(0x6E789E6AA1B965F4UL, random.NextUInt64());
        Assert.Equal(0x06C45D188009454FUL, random.NextUInt64());
    }

    [Fact]
    public void Bounded_draws_stay_in_range_and_cover_it_evenly()
    {
        var random = new SplitMix64(11);
        var counts = new int[7];
        for (int i = 0; i < 70_000; i++) counts[random.NextInt(7)]++;
        Assert.All(counts, count => Assert.InRange(count, 9_500, 10_500));   // ±5% of 10,000 (about 5 standard deviations)
        Assert.Throws<ArgumentOutOfRangeException>(() => random.NextInt(0));
    }

    [Fact]
    public void Derived_streams_differ_and_repeat()
    {
        Assert.Equal(SplitMix64.Derive(5, 1).NextUInt64(), SplitMix64.Derive(5, 1).NextUInt64());
        Assert.NotEqual(SplitMix64.Derive(5, 1).NextUInt64(), SplitMix64.Derive(5, 2).NextUInt64());
        Assert.NotEqual(SplitMix64.Derive(5, 1).NextUInt64(), SplitMix64.Derive(6, 1).NextUInt64());
    }

    [Fact]
    public void Unit_draws_are_in_the_half_open_interval_with_the_right_mean()
    {
        var random = new SplitMix64(3);
        double sum = 0, gaussianSum = 0, gaussianSquares = 0;
        for (int i = 0; i < 100_000; i++)
        {
            double value = random.NextDouble();
            Assert.InRange(value, 0, 0.9999999999999999);
            sum += value;
            double g = random.NextGaussian();
            gaussianSum += g;
            gaussianSquares += g * g;
        }
        Assert.Equal(0.5, sum / 100_000, 0.01);
        Assert.Equal(0.0, gaussianSum / 100_000, 0.02);
        Assert.Equal(1.0, gaussianSquares / 100_000, 0.02);
    }
}
