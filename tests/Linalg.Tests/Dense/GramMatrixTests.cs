using Linalg.Dense;
using MathNet.Numerics.LinearAlgebra;

namespace Linalg.Tests.Dense;

public sealed class GramMatrixTests
{
    [Theory]
    [InlineData(0, 8)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    [InlineData(7, 17)]
    [InlineData(5000, 64)]
    [InlineData(4099, 16)]
    [InlineData(20, 256)]
    [InlineData(9000, 10)]
    public void Gram_equals_MathNet_transpose_times_matrix(int rows, int k)
    {
        FactorMatrix f = RandomProblem.Factors(new Random(rows + k), rows, k);
        double[] gram = GramMatrix.Compute(f, threads: 2);
        Matrix<double> dense = Matrix<double>.Build.Dense(rows, k, (r, d) => f.Values[r * k + d]);
        Matrix<double> expected = dense.TransposeThisAndMultiply(dense);
        for (int a = 0; a < k; a++)
            for (int b = 0; b < k; b++)
            {
                Assert.Equal(expected[a, b], gram[a * k + b], 1e-9 * Math.Max(1, rows));
                Assert.Equal(gram[a * k + b], gram[b * k + a]);             // exactly symmetric
            }
    }

    /// <summary>
    /// The 512-bit kernel's contract, bit for bit: each entry on or right of the diagonal is the sum of its rows' products
    /// added in row order (a product of two floats is exact in double, so one FMA per row adds exactly it). Shapes cover
    /// a tile row's last single vector (k = 40), several panels (4,109 rows), rows past the last multiple of eight, and
    /// no whole group of eight at all. The portable path adds rows four at a time: it is held to a tolerance instead.
    /// </summary>
    [Theory]
    [InlineData(0, 8)]
    [InlineData(7, 64)]
    [InlineData(8, 64)]
    [InlineData(300, 40)]
    [InlineData(4109, 64)]
    [InlineData(600, 256)]
    public void Each_entry_sums_its_rows_in_row_order(int rows, int k)
    {
        FactorMatrix f = RandomProblem.Factors(new Random(rows * 7 + k), rows, k);
        var gram = new double[k * k];
        GramMatrix.AccumulateUpper(f.Values, k, gram);
        bool wide = Linalg.Kernels.WideVectors.IsAccelerated;             // the tile kernel: row order, bit for bit
        for (int r = 0; r < k; r++)
            for (int c = r; c < k; c++)
            {
                double expected = 0;
                for (int row = 0; row < rows; row++) expected += (double)f.Row(row)[c] * f.Row(row)[r];
                if (wide)
                    Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(gram[r * k + c]),
                        $"entry ({r}, {c}): {gram[r * k + c]:R}, in row order {expected:R}");
                else
                    Assert.Equal(expected, gram[r * k + c], 1e-9 * Math.Max(1, rows));
            }
    }

    [Fact]
    public void Gram_is_bitwise_identical_for_any_thread_count()
    {
        FactorMatrix f = RandomProblem.Factors(new Random(7), 20_000, 64);
        double[] one = GramMatrix.Compute(f, 1);
        foreach (int threads in new[] { 2, 5 }) Assert.Equal(one, GramMatrix.Compute(f, threads));
    }

    [Fact]
    public void Regularized_adds_lambda_on_the_diagonal_only()
    {
        ArraySegment<float> regularized = GramMatrix.Regularized([1, 2, 2, 5], 2, 0.5);
        Assert.Equal([1.5f, 2f, 2f, 5.5f], regularized);
        Assert.True(Linalg.Memory.AlignedFloats.IsAligned(regularized), "the regularized Gram matrix starts on a 64-byte boundary");
    }

    [Fact]
    public void Random_blocks_equal_the_same_rows_of_the_whole_matrix()
    {
        FactorMatrix whole = FactorMatrix.Random(100, 8, seed: 9);
        FactorMatrix block = FactorMatrix.Random(30, 8, seed: 9, firstRowIndex: 40);
        Assert.True(whole.RowRange(40, 30).SequenceEqual(block.Values));
        Assert.All(whole.ToArray(), value => Assert.InRange(value, 0f, FactorMatrix.DefaultInitialScale));
    }
}
