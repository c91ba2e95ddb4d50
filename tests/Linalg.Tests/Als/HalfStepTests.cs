using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Tests.Als;

/// <summary>The half-step against a dense double-precision normal-equation solve (MathNet.Numerics), the independent oracle.</summary>
public sealed class HalfStepTests
{
    /// <summary>k values: below, at and between vector widths (the wide path needs multiples of 16; 17 and 3 use the portable path).</summary>
    public static TheoryData<int, ConfidenceMode, bool> Cases()
    {
        var data = new TheoryData<int, ConfidenceMode, bool>();
        foreach (int k in new[] { 1, 3, 8, 16, 17, 32, 64 })
            foreach (ConfidenceMode mode in Enum.GetValues<ConfidenceMode>())
                foreach (bool portable in new[] { false, true })
                    data.Add(k, mode, portable);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void Cholesky_rows_match_the_dense_solve(int k, ConfidenceMode mode, bool portable)
    {
        var random = new Random(1000 + k);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 40, k);
        CsrMatrix block = RandomProblem.Block(random, 12, 40, density: 0.25);
        var options = new AlsOptions { Factors = k, Confidence = mode, Alpha = 2, Regularization = 0.1f, Solver = AlsSolver.Cholesky, PortableKernels = portable, Threads = 2 };
        (block, options) = RandomProblem.ForMode(block, options);
        var solved = RandomProblem.Factors(random, block.Rows, k);

        HalfStep.Solve(block, fixedSide, RandomProblem.Gram(fixedSide), options, solved);

        for (int row = 0; row < block.Rows; row++)
        {
            double[] exact = RandomProblem.ExactRow(block, row, fixedSide, options);
            double error = RandomProblem.RelativeError(solved.Row(row), exact);
            Assert.True(error < 1e-4, $"row {row}, k {k}, {mode}, portable {portable}: relative error {error:E2}");
        }
    }

    /// <summary>
    /// The loss terms a half-step returns (tracked through CG's steps, or one dot pass after Cholesky) against the loss's own
    /// pass over the solved rows (<see cref="ImplicitLoss.Observed"/>), for both solvers, every confidence mode and both paths.
    /// </summary>
    [Theory, MemberData(nameof(Cases))]
    public void The_observed_loss_terms_of_a_half_step_match_a_separate_pass_over_the_solved_rows(int k, ConfidenceMode mode, bool portable)
    {
        foreach (AlsSolver solver in Enum.GetValues<AlsSolver>())
        {
            var random = new Random(3000 + k);
            FactorMatrix fixedSide = RandomProblem.Factors(random, 50, k);
            CsrMatrix block = RandomProblem.Block(random, 300, 50, density: 0.3);
            var options = new AlsOptions { Factors = k, Confidence = mode, Alpha = 2, Regularization = 0.2f, Solver = solver, PortableKernels = portable, Threads = 2 };
            (block, options) = RandomProblem.ForMode(block, options);
            var solved = RandomProblem.Factors(random, block.Rows, k, scale: 0.1);

            ObservedLossTerms tracked = HalfStep.Solve(block, fixedSide, RandomProblem.Gram(fixedSide), options, solved, observedLoss: true);
            ObservedLossTerms separate = ImplicitLoss.Observed(block, solved, fixedSide, options);

            Assert.Equal(block.NonZeros, tracked.Entries);
            Assert.Equal(separate.ConfidenceSum, tracked.ConfidenceSum, 1e-9 * separate.ConfidenceSum);
            Assert.Equal(separate.Correction, tracked.Correction, 1e-4 * Math.Max(1, separate.ConfidenceSum));
            Assert.Equal(default, HalfStep.Solve(block, fixedSide, RandomProblem.Gram(fixedSide), options, solved));
        }
    }

    [Theory, MemberData(nameof(Cases))]
    public void Conjugate_gradient_with_k_steps_matches_the_dense_solve(int k, ConfidenceMode mode, bool portable)
    {
        var random = new Random(2000 + k);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 60, k);
        CsrMatrix block = RandomProblem.Block(random, 10, 60, density: 0.2);
        var options = new AlsOptions { Factors = k, Confidence = mode, Alpha = 1, Regularization = 0.5f, CgSteps = k + 2, PortableKernels = portable, Threads = 1 };
        (block, options) = RandomProblem.ForMode(block, options);
        var solved = RandomProblem.Factors(random, block.Rows, k, scale: 0.1);

        HalfStep.Solve(block, fixedSide, RandomProblem.Gram(fixedSide), options, solved);

        for (int row = 0; row < block.Rows; row++)
        {
            double[] exact = RandomProblem.ExactRow(block, row, fixedSide, options);
            double error = RandomProblem.RelativeError(solved.Row(row), exact);
            Assert.True(error < 1e-3, $"row {row}, k {k}, {mode}, portable {portable}: relative error {error:E2}");
        }
    }

    [Theory]
    [InlineData(8, false), InlineData(16, false), InlineData(16, true), InlineData(64, false), InlineData(64, true)]
    public void More_conjugate_gradient_steps_never_increase_the_row_objective(int k, bool portable)
    {
        var random = new Random(3000 + k);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 80, k);
        CsrMatrix block = RandomProblem.Block(random, 8, 80, density: 0.15, maxPlays: 200);
        double[] gram = RandomProblem.Gram(fixedSide);
        FactorMatrix start = RandomProblem.Factors(random, block.Rows, k, scale: 0.2);
        var previous = new double[block.Rows];
        Array.Fill(previous, double.PositiveInfinity);

        for (int steps = 1; steps <= k + 2; steps++)
        {
            var options = new AlsOptions { Factors = k, CgSteps = steps, Alpha = 1, Regularization = 0.1f, PortableKernels = portable, Threads = 1 };
            FactorMatrix solved = start.Clone();
            HalfStep.Solve(block, fixedSide, gram, options, solved);
            for (int row = 0; row < block.Rows; row++)
            {
                double objective = RandomProblem.RowObjective(block, row, fixedSide, options, solved.Row(row));
                // Float rounding near convergence may wiggle the last digits; a real increase is far larger.
                Assert.True(objective <= previous[row] * (1 + 1e-6) + 1e-9,
                    $"row {row}, k {k}: {steps} steps give {objective:R}, {steps - 1} gave {previous[row]:R}");
                previous[row] = objective;
            }
        }
    }

    [Fact]
    public void Results_are_bitwise_identical_for_any_thread_count()
    {
        var random = new Random(4);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 300, 64);
        CsrMatrix block = RandomProblem.Block(random, 2000, 300, density: 0.05);
        double[] gram = GramMatrix.Compute(fixedSide, 1);
        FactorMatrix start = RandomProblem.Factors(random, block.Rows, 64, scale: 0.01);
        float[]? reference = null;
        foreach (AlsSolver solver in Enum.GetValues<AlsSolver>())
        {
            reference = null;
            foreach (int threads in new[] { 1, 2, 3, 8 })
            {
                FactorMatrix solved = start.Clone();
                HalfStep.Solve(block, fixedSide, gram, new AlsOptions { Solver = solver, Threads = threads }, solved);
                reference ??= solved.ToArray();
                Assert.True(reference.AsSpan().SequenceEqual(solved.Values), $"{solver} with {threads} threads differs from 1 thread");
            }
        }
    }

    [Fact]
    public void Wide_and_portable_kernels_agree_closely()
    {
        var random = new Random(5);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 200, 64);
        CsrMatrix block = RandomProblem.Block(random, 50, 200, density: 0.1);
        double[] gram = RandomProblem.Gram(fixedSide);
        FactorMatrix start = RandomProblem.Factors(random, block.Rows, 64, scale: 0.01);
        FactorMatrix wide = start.Clone(), portable = start.Clone();
        HalfStep.Solve(block, fixedSide, gram, new AlsOptions { Threads = 1 }, wide);
        HalfStep.Solve(block, fixedSide, gram, new AlsOptions { Threads = 1, PortableKernels = true }, portable);
        for (int row = 0; row < block.Rows; row++)
        {
            double[] reference = Array.ConvertAll(portable.Row(row).ToArray(), value => (double)value);
            Assert.True(RandomProblem.RelativeError(wide.Row(row), reference) < 1e-4, $"row {row}");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]         // the column range then comes from the confidences, found once: still checked
    public void A_column_outside_the_fixed_side_is_rejected_by_position(bool precomputedConfidences)
    {
        var fixedSide = new FactorMatrix(5, 16);
        var block = new CsrMatrix(2, 5, [0, 1, 3], [1, 2, 7], [1, 1, 1]);
        var options = new AlsOptions { Factors = 16, Confidence = ConfidenceMode.Linear };
        BlockConfidences? confidences = precomputedConfidences ? BlockConfidences.Compute(block, options, threads: 1) : null;
        var error = Assert.Throws<ArgumentException>(() =>
            HalfStep.Solve(block, fixedSide, new double[256], options, new FactorMatrix(2, 16), confidences: confidences));
        Assert.Contains("Entry 2", error.Message);
        Assert.Contains("column 7", error.Message);
    }

    [Fact]
    public void A_singular_system_names_the_row_and_asks_for_more_regularization()
    {
        var fixedSide = new FactorMatrix(4, 4);                     // all-zero factors, λ = 0: A = 0
        var block = new CsrMatrix(2, 4, [0, 1, 2], [0, 3], [5, 5]);
        var error = Assert.Throws<NotPositiveDefiniteException>(() => HalfStep.Solve(block, fixedSide, new double[16],
            new AlsOptions { Factors = 4, Regularization = 0, Solver = AlsSolver.Cholesky, Threads = 1 }, new FactorMatrix(2, 4)));
        Assert.Equal(0, error.Row);
        Assert.Contains("regularization", error.Message);
    }

    [Fact]
    public void Single_row_solve_equals_the_block_solve()
    {
        var random = new Random(6);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 50, 16);
        CsrMatrix block = RandomProblem.Block(random, 1, 50, density: 0.3, allowEmptyRows: false);
        var options = new AlsOptions { Factors = 16, Solver = AlsSolver.Cholesky };
        double[] gram = RandomProblem.Gram(fixedSide);
        var viaBlock = new FactorMatrix(1, 16);
        HalfStep.Solve(block, fixedSide, gram, options, viaBlock);
        var row = new float[16];
        HalfStep.SolveRow(block.RowColumns(0), block.RowValues(0), fixedSide, gram, options, row);
        Assert.Equal(viaBlock.ToArray(), row);
    }

    [Theory]
    [InlineData(0, "Factors")]
    [InlineData(1, "Regularization")]
    [InlineData(2, "Epsilon")]
    [InlineData(3, "CgSteps")]
    [InlineData(4, "Threads")]
    public void Invalid_options_are_named(int which, string name)
    {
        AlsOptions options = which switch
        {
            0 => new AlsOptions { Factors = 0 },
            1 => new AlsOptions { Regularization = -1 },
            2 => new AlsOptions { Epsilon = 0 },
            3 => new AlsOptions { CgSteps = 0 },
            _ => new AlsOptions { Threads = 0 },
        };
        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.StartsWith(name, error.Message);
    }
}
