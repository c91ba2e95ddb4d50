using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Tests.Als;

/// <summary>Confidences computed once per block: the same values as row by row, and the same solve bit for bit.</summary>
public sealed class BlockConfidencesTests
{
    public static TheoryData<ConfidenceMode, AlsSolver, int> Cases()
    {
        var data = new TheoryData<ConfidenceMode, AlsSolver, int>();
        foreach (ConfidenceMode mode in Enum.GetValues<ConfidenceMode>())
            foreach (AlsSolver solver in Enum.GetValues<AlsSolver>())
                foreach (int threads in new[] { 1, 2 })
                    data.Add(mode, solver, threads);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public void A_solve_with_confidences_computed_once_equals_one_computing_them_row_by_row(ConfidenceMode mode, AlsSolver solver, int threads)
    {
        var random = new Random(4100 + (int)mode);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 700, 16);
        CsrMatrix block = RandomProblem.Block(random, 900, 700, density: 0.05);
        var options = new AlsOptions { Factors = 16, Confidence = mode, Alpha = 3, Epsilon = 0.5f, Regularization = 0.3f, Solver = solver, Threads = threads };
        (block, options) = RandomProblem.ForMode(block, options);
        FactorMatrix start = RandomProblem.Factors(random, block.Rows, 16, scale: 0.1);
        FactorMatrix rowByRow = new(block.Rows, 16, start.ToArray()), once = new(block.Rows, 16, start.ToArray());
        double[] gram = RandomProblem.Gram(fixedSide);

        ObservedLossTerms expected = HalfStep.Solve(block, fixedSide, gram, options, rowByRow, observedLoss: true);
        BlockConfidences confidences = BlockConfidences.Compute(block, options, threads);
        ObservedLossTerms actual = HalfStep.Solve(block, fixedSide, gram, options, once, observedLoss: true, confidences: confidences);

        Assert.Equal(rowByRow.Values, once.Values);
        Assert.Equal(expected, actual);
        var row = new float[block.RowLength(7)];
        Confidence.ComputeRow(block, 7, options, row);
        Assert.Equal(row, confidences.Values.AsSpan(block.RowPointers[7], row.Length).ToArray());
    }

    [Fact]
    public void Confidences_of_another_block_or_other_settings_are_refused()
    {
        var random = new Random(4200);
        FactorMatrix fixedSide = RandomProblem.Factors(random, 50, 16);
        CsrMatrix block = RandomProblem.Block(random, 40, 50, density: 0.2);
        var options = new AlsOptions { Factors = 16, Confidence = ConfidenceMode.Linear, Alpha = 2 };
        BlockConfidences confidences = BlockConfidences.Compute(block, options, threads: 1);
        CsrMatrix copy = RandomProblem.Block(new Random(4200 + 1), 40, 50, density: 0.2);
        FactorMatrix rows = RandomProblem.Factors(random, 40, 16);

        Assert.True(confidences.Serves(block, options));
        Assert.False(confidences.Serves(block, options with { Alpha = 3 }));
        Assert.Throws<ArgumentException>(() => HalfStep.Solve(copy, fixedSide, RandomProblem.Gram(fixedSide), options, rows, confidences: confidences));
        Assert.Throws<ArgumentException>(() => HalfStep.Solve(block, fixedSide, RandomProblem.Gram(fixedSide), options with { Confidence = ConfidenceMode.Log },
            rows, confidences: confidences));
    }
}
