using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;
using Linalg.Training;

namespace Linalg.Tests.Als;

/// <summary>Issue 17, item 1: an overflowing run stops at the block that overflowed, naming it and the options to change.</summary>
public sealed class NonFiniteFactorsTests
{
    [Fact]
    public void A_finite_block_passes_the_check()
    {
        FactorMatrix rows = RandomProblem.Factors(new Random(3), 20, 8);
        HalfStep.EnsureFinite(rows, "users block 0", new AlsOptions { Factors = 8 });
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void A_planted_non_finite_value_is_reported_with_its_block_row_and_the_options(float planted)
    {
        FactorMatrix rows = RandomProblem.Factors(new Random(3), 20, 8);
        rows.Values[13 * 8 + 5] = planted;
        var options = new AlsOptions { Factors = 8, Alpha = 40f, Confidence = ConfidenceMode.Log, Epsilon = 0.5f };
        var error = Assert.Throws<NonFiniteFactorsException>(() => HalfStep.EnsureFinite(rows, "items block 2 of iteration 4", options));
        Assert.Equal(13, error.Row);
        Assert.Contains("items block 2 of iteration 4: row 13", error.Message, StringComparison.Ordinal);
        Assert.Contains("--alpha (now 40)", error.Message, StringComparison.Ordinal);
        Assert.Contains("--epsilon (now 0.5)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_trainer_stops_on_an_overflowing_alpha_instead_of_returning_a_garbage_model()
    {
        // c = 1 + α·plays = 1e35·100 overflows float32 to +∞, so the users' systems produce NaN (issue 17 probed 1e30 and 1e38).
        CsrMatrix userItems = RandomProblem.Block(new Random(31), 60, 40, density: 0.2, maxPlays: 100);
        var options = new AlsOptions { Factors = 4, Iterations = 2, Alpha = 1e35f };
        var error = Assert.Throws<NonFiniteFactorsException>(() => new ImplicitAlsTrainer(options).Fit(userItems));
        Assert.Contains("half-step of iteration 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("--alpha", error.Message, StringComparison.Ordinal);
    }
}
