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
    public void Every_position_is_checked_in_the_vectors_and_the_tail()
    {
        // 21 rows × 3 = 63 values: three 16-float vectors and a tail of 15. Extreme finite values pass.
        var options = new AlsOptions { Factors = 3 };
        for (int at = 0; at < 63; at++)
        {
            FactorMatrix rows = RandomProblem.Factors(new Random(at), 21, 3);
            rows.Values[at] = at % 2 == 0 ? float.MaxValue : float.MinValue;
            HalfStep.EnsureFinite(rows, "users block 0", options);
            rows.Values[at] = float.NaN;
            Assert.Equal(at / 3, Assert.Throws<NonFiniteFactorsException>(() => HalfStep.EnsureFinite(rows, "users block 0", options)).Row);
        }
    }

    [Fact]
    public void The_trainer_stops_at_the_first_non_finite_half_step_instead_of_returning_a_garbage_model()
    {
        CsrMatrix userItems = RandomProblem.Block(new Random(31), 60, 40, density: 0.2, maxPlays: 100);
        var options = new AlsOptions { Factors = 4, Iterations = 2 };
        AlsModel model = AlsModel.Initial(60, 40, options);
        model.ItemFactors.Values[7] = float.NaN;                                    // one damaged item factor poisons the next solves
        var error = Assert.Throws<NonFiniteFactorsException>(() => new ImplicitAlsTrainer(options).Continue(model, userItems, null, 0));
        Assert.Matches("the (users|items) half-step of iteration 1: row ", error.Message);
        Assert.Contains("--alpha", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ConfidenceMode.Linear, 1e15f, 1f)]        // issue 17: the run finished "Done" with factors that never moved
    [InlineData(ConfidenceMode.Linear, 1e30f, 1f)]        // issue 17: NaN factors and a hang
    [InlineData(ConfidenceMode.Log, 1f, 1e-40f)]          // issue 17: ε = 1e-40 overflows r/ε
    public void Options_whose_confidence_of_one_play_overflows_are_refused_by_name(ConfidenceMode mode, float alpha, float epsilon)
    {
        var options = new AlsOptions { Factors = 4, Alpha = alpha, Epsilon = epsilon, Confidence = mode };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("--alpha", error.Message, StringComparison.Ordinal);
        Assert.Contains(mode == ConfidenceMode.Log ? "--epsilon" : "float32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_bound_uses_the_datas_largest_play_count_and_names_the_largest_usable_alpha()
    {
        var options = new AlsOptions { Factors = 4, Alpha = 100f };
        Confidence.EnsureBounded(1_000_000f, options);                                // c = 1e8: fine
        var error = Assert.Throws<ArgumentException>(() => Confidence.EnsureBounded(16_000_000f, options));   // c = 1.6e9
        Assert.Contains("use --alpha 62.5 or less", error.Message, StringComparison.Ordinal);     // (1e9 − 1) / 1.6e7

        CsrMatrix userItems = RandomProblem.Block(new Random(5), 20, 10, density: 0.5, maxPlays: 100);
        userItems.Values[0] = 16_000_000f;
        Assert.Throws<ArgumentException>(() => new ImplicitAlsTrainer(options with { Iterations = 1 }).Fit(userItems));
    }
}
