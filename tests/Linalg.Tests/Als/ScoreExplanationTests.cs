using Linalg.Als;
using Linalg.Dense;
using MathNet.Numerics.LinearAlgebra;

namespace Linalg.Tests.Als;

/// <summary>The section-5 decomposition against a dense inverse Wᵘ = (YᵀCᵘY + λI)⁻¹ built with MathNet.Numerics.</summary>
public sealed class ScoreExplanationTests
{
    [Theory]
    [InlineData(ConfidenceMode.Linear, 8)]
    [InlineData(ConfidenceMode.Log, 13)]
    public void Contributions_equal_the_dense_terms_and_sum_to_the_exact_score(ConfidenceMode mode, int k)
    {
        var random = new Random(k);
        FactorMatrix y = RandomProblem.Factors(random, 40, k);
        var options = new AlsOptions { Factors = k, Regularization = 0.3f, Alpha = 2.5f, Confidence = mode, Solver = AlsSolver.Cholesky, Threads = 1 };
        int[] played = [1, 4, 9, 17, 22, 35];
        float[] plays = [3, 120, 1, 7, 40, 2];
        const int item = 12;

        // Dense oracle: A = YᵀCY + λI over all 40 items (c = 1 for unplayed), W = A⁻¹, sᵢⱼ = yᵢᵀWyⱼ.
        Matrix<double> factors = Matrix<double>.Build.Dense(40, k, (r, c) => y.Row(r)[c]);
        var confidence = Vector<double>.Build.Dense(40, 1.0);
        for (int j = 0; j < played.Length; j++) confidence[played[j]] = Confidence.Of(plays[j], options);
        Matrix<double> a = factors.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(confidence) * factors
            + Matrix<double>.Build.DenseIdentity(k) * options.Regularization;
        Matrix<double> w = a.Inverse();
        var preference = Vector<double>.Build.Dense(40);
        foreach (int j in played) preference[j] = 1;
        Vector<double> x = w * factors.Transpose() * confidence.PointwiseMultiply(preference);
        double exactScore = factors.Row(item) * x;

        var contributions = new double[played.Length];
        double total = ScoreExplanation.Explain(played, plays, item, y, RandomProblem.Gram(y), options, contributions);

        for (int j = 0; j < played.Length; j++)
        {
            double expected = (factors.Row(item) * w * factors.Row(played[j])) * confidence[played[j]];
            Assert.Equal(expected, contributions[j], 9);
        }
        Assert.Equal(exactScore, total, 9);
        Assert.Equal(contributions.Sum(), total, 12);

        var row = new float[k];                                     // the row solver training uses gives the same score
        HalfStep.SolveRow(played, plays, y, RandomProblem.Gram(y), options, row);
        Assert.Equal(exactScore, System.Numerics.Tensors.TensorPrimitives.Dot(row, y.Row(item)), 4);
    }

    [Fact]
    public void An_item_outside_the_factors_is_named()
    {
        FactorMatrix y = RandomProblem.Factors(new Random(1), 5, 4);
        var error = Assert.Throws<ArgumentException>(() =>
            ScoreExplanation.Explain([0], [1], 7, y, RandomProblem.Gram(y), new AlsOptions { Factors = 4 }, new double[1]));
        Assert.Contains("Item 7", error.Message);
    }
}
