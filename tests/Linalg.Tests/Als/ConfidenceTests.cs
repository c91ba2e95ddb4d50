using Linalg.Als;

namespace Linalg.Tests.Als;

public sealed class ConfidenceTests
{
    [Theory]
    [InlineData(ConfidenceMode.Linear, 2f, 1f, 10f, 21.0)]              // 1 + 2·10
    [InlineData(ConfidenceMode.Log, 2f, 1f, 10f, 5.795790545596741)]    // 1 + 2·ln(11)
    [InlineData(ConfidenceMode.Log, 1f, 4f, 12f, 2.386294361119891)]    // 1 + ln(1 + 12/4)
    public void Confidence_matches_the_formula(ConfidenceMode mode, float alpha, float epsilon, float plays, double expected)
    {
        var options = new AlsOptions { Confidence = mode, Alpha = alpha, Epsilon = epsilon };
        Assert.Equal(expected, Confidence.Of(plays, options), 1e-5);
        float[] many = [plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays, plays];
        Confidence.Compute(many, options, many);
        Assert.All(many, value => Assert.Equal(Confidence.Of(plays, options), value));
    }
}
