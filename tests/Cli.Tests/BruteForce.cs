using Linalg.Als;
using Linalg.Dense;
using MathNet.Numerics.LinearAlgebra;

namespace Cli.Tests;

/// <summary>The tests' own dense, double-precision versions of what the model commands compute: the oracle.</summary>
internal static class BruteForce
{
    /// <summary>Every item's score xᵀyᵢ, then the best <paramref name="count"/> not in <paramref name="excluded"/> by (score desc, index asc).</summary>
    public static (int Item, double Score)[] Top(IReadOnlyList<double> x, FactorMatrix items, IEnumerable<int> excluded, int count)
    {
        var skip = new HashSet<int>(excluded);
        return [.. Enumerable.Range(0, items.Rows).Where(i => !skip.Contains(i)).Select(i => (i, Dot(x, items.Row(i).ToArray())))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.i).Take(count)];
    }

    public static double Dot(IReadOnlyList<double> x, float[] y)
    {
        double sum = 0;
        for (int d = 0; d < y.Length; d++) sum += x[d] * y[d];
        return sum;
    }

    public static double[] Widen(ReadOnlySpan<float> row)
    {
        var result = new double[row.Length];
        for (int d = 0; d < row.Length; d++) result[d] = row[d];
        return result;
    }

    /// <summary>cos(yᵢ, yⱼ) in double.</summary>
    public static double Cosine(FactorMatrix items, int i, int j)
    {
        double[] a = Widen(items.Row(i)), b = Widen(items.Row(j));
        double dot = 0, na = 0, nb = 0;
        for (int d = 0; d < a.Length; d++) { dot += a[d] * b[d]; na += a[d] * a[d]; nb += b[d] * b[d]; }
        return dot / Math.Sqrt(na * nb);
    }

    /// <summary>A = YᵀCY + λI over every item (c = 1 where unplayed) and b = YᵀCp, from the definitions.</summary>
    public static (Matrix<double> A, Vector<double> B, Vector<double> Confidence) System(FactorMatrix items, int[] played, float[] plays, AlsOptions options)
    {
        int n = items.Rows, k = items.Factors;
        Matrix<double> y = Matrix<double>.Build.Dense(n, k, (r, c) => items.Row(r)[c]);
        var confidence = Vector<double>.Build.Dense(n, 1.0);
        var preference = Vector<double>.Build.Dense(n);
        for (int j = 0; j < played.Length; j++)
        {
            confidence[played[j]] = options.Confidence == ConfidenceMode.Linear ? 1 + options.Alpha * (double)plays[j]
                : 1 + options.Alpha * Math.Log(1 + plays[j] / (double)options.Epsilon);
            preference[played[j]] = 1;
        }
        Matrix<double> a = y.Transpose() * Matrix<double>.Build.DiagonalOfDiagonalVector(confidence) * y + Matrix<double>.Build.DenseIdentity(k) * options.Regularization;
        return (a, y.Transpose() * confidence.PointwiseMultiply(preference), confidence);
    }

    /// <summary>The exact least-squares user factor x = A⁻¹b.</summary>
    public static double[] Solve(FactorMatrix items, int[] played, float[] plays, AlsOptions options)
    {
        (Matrix<double> a, Vector<double> b, _) = System(items, played, plays, options);
        return a.Solve(b).ToArray();
    }
}
