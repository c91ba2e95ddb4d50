using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;
using MathNet.Numerics.LinearAlgebra;

namespace Linalg.Tests;

/// <summary>Small random ALS problems and their dense double-precision references (the oracle for the kernels).</summary>
internal static class RandomProblem
{
    /// <summary>A CSR block of <paramref name="rows"/> rows over <paramref name="columns"/> columns, each row playing a random subset with plays in [1, maxPlays].</summary>
    public static CsrMatrix Block(Random random, int rows, int columns, double density, int maxPlays = 50, bool allowEmptyRows = true)
    {
        var pointers = new int[rows + 1];
        var indices = new List<int>();
        var plays = new List<float>();
        for (int row = 0; row < rows; row++)
        {
            for (int column = 0; column < columns; column++)
            {
                if (random.NextDouble() >= density) continue;
                indices.Add(column);
                plays.Add(1 + random.Next(maxPlays));
            }
            if (!allowEmptyRows && indices.Count == pointers[row])
            {
                indices.Add(random.Next(columns));
                plays.Add(1 + random.Next(maxPlays));
            }
            pointers[row + 1] = indices.Count;
        }
        return new CsrMatrix(rows, columns, pointers, [.. indices], [.. plays]);
    }

    /// <summary>A factor matrix with entries uniform in [−scale, scale).</summary>
    public static FactorMatrix Factors(Random random, int rows, int k, double scale = 0.5)
    {
        var matrix = new FactorMatrix(rows, k);
        for (int i = 0; i < matrix.Values.Length; i++) matrix.Values[i] = (float)((random.NextDouble() * 2 - 1) * scale);
        return matrix;
    }

    /// <summary>FᵀF in double, straight from the definition.</summary>
    public static double[] Gram(FactorMatrix f)
    {
        int k = f.Factors;
        var gram = new double[k * k];
        for (int row = 0; row < f.Rows; row++)
            for (int a = 0; a < k; a++)
                for (int b = 0; b < k; b++)
                    gram[a * k + b] += (double)f.Values[row * k + a] * f.Values[row * k + b];
        return gram;
    }

    /// <summary>For <see cref="ConfidenceMode.Bm25"/>: <paramref name="block"/> as a users block and the options with its statistics; otherwise both unchanged.</summary>
    public static (CsrMatrix Block, AlsOptions Options) ForMode(CsrMatrix block, AlsOptions options) =>
        options.Confidence == ConfidenceMode.Bm25
            ? (block.WithRowSide(Linalg.Training.FactorSide.Users), options with { Bm25 = Bm25Statistics.From(block) })
            : (block, options);

    /// <summary>Confidence of every column for one row: cⱼ for played columns, 1 elsewhere (double, from the definition).</summary>
    public static double[] DenseConfidence(CsrMatrix block, int row, AlsOptions options)
    {
        var confidence = new double[block.Columns];
        Array.Fill(confidence, 1.0);
        ReadOnlySpan<int> columns = block.RowColumns(row);
        ReadOnlySpan<float> plays = block.RowValues(row);
        if (options.Confidence == ConfidenceMode.Bm25)
        {
            // The BM25 weights have their own dense reference (Bm25ConfidenceTests); here only the solve is under test.
            var weighted = new float[columns.Length];
            Confidence.ComputeRow(block, row, options, weighted);
            for (int j = 0; j < columns.Length; j++) confidence[columns[j]] = weighted[j];
            return confidence;
        }
        for (int j = 0; j < columns.Length; j++)
            confidence[columns[j]] = options.Confidence == ConfidenceMode.Linear
                ? 1 + options.Alpha * (double)plays[j]
                : 1 + options.Alpha * Math.Log(1 + plays[j] / (double)options.Epsilon);
        return confidence;
    }

    /// <summary>The exact solution of (FᵀCF + λI)x = FᵀCp for one row, built densely over all columns and solved by MathNet (LU).</summary>
    public static double[] ExactRow(CsrMatrix block, int row, FactorMatrix f, AlsOptions options)
    {
        int k = f.Factors, n = f.Rows;
        double[] confidence = DenseConfidence(block, row, options);
        var preference = new double[n];
        foreach (int column in block.RowColumns(row)) preference[column] = 1;
        var fixedSide = Matrix<double>.Build.Dense(n, k, (i, d) => f.Values[i * k + d]);
        var c = Matrix<double>.Build.Diagonal(confidence);
        Matrix<double> a = fixedSide.Transpose() * c * fixedSide + Matrix<double>.Build.DenseIdentity(k) * options.Regularization;
        Vector<double> b = fixedSide.Transpose() * c * Vector<double>.Build.DenseOfArray(preference);
        return a.Solve(b).ToArray();
    }

    /// <summary>The row objective ∑ⱼ cⱼ(pⱼ − x·fⱼ)² + λ‖x‖² over all n columns, in double.</summary>
    public static double RowObjective(CsrMatrix block, int row, FactorMatrix f, AlsOptions options, ReadOnlySpan<float> x)
    {
        int k = f.Factors;
        double[] confidence = DenseConfidence(block, row, options);
        var preference = new double[f.Rows];
        foreach (int column in block.RowColumns(row)) preference[column] = 1;
        double total = 0;
        for (int j = 0; j < f.Rows; j++)
        {
            double score = 0;
            for (int d = 0; d < k; d++) score += (double)x[d] * f.Values[j * k + d];
            total += confidence[j] * (preference[j] - score) * (preference[j] - score);
        }
        for (int d = 0; d < k; d++) total += options.Regularization * (double)x[d] * x[d];
        return total;
    }

    /// <summary>‖a − b‖ / max(‖b‖, tiny).</summary>
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<double> expected)
    {
        double difference = 0, norm = 0;
        for (int d = 0; d < expected.Length; d++)
        {
            difference += (actual[d] - expected[d]) * (actual[d] - expected[d]);
            norm += expected[d] * expected[d];
        }
        return Math.Sqrt(difference) / Math.Max(Math.Sqrt(norm), 1e-12);
    }
}
