using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Linalg.Dense;

/// <summary>
/// The Gram matrix FᵀF (k × k) of a factor matrix F, accumulated in double precision.
/// </summary>
/// <remarks>
/// Implicit ALS needs YᵀY once per half-step: every row system starts from it (Hu, Koren, Volinsky 2008,
/// section 4, "YᵀCᵤY = YᵀY + Yᵀ(Cᵤ − I)Y"). FᵀF = ∑ᵣ fᵣfᵣᵀ is summed over fixed chunks of
/// <see cref="RowsPerChunk"/> rows, then the chunk sums are added in chunk order: the partition does not
/// depend on the thread count, so one thread or sixteen give bit-identical results. Blocks of a distributed
/// run add their partial Gram matrices with <see cref="Add"/> in block-id order for the same reason.
/// </remarks>
public static class GramMatrix
{
    /// <summary>Rows per partial sum. Fixed, never derived from the thread count (see remarks on the type).</summary>
    internal const int RowsPerChunk = 4096;

    /// <summary>FᵀF of all rows of <paramref name="factors"/>, using up to <paramref name="threads"/> threads.</summary>
    /// <returns>A new k × k row-major symmetric matrix.</returns>
    public static double[] Compute(FactorMatrix factors, int threads)
    {
        ArgumentNullException.ThrowIfNull(factors);
        return Compute(factors.Memory, factors.Rows, factors.Factors, threads);
    }

    /// <summary>FᵀF of <paramref name="rows"/> rows of k floats stored row-major in <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> is shorter than rows × k.</exception>
    public static double[] Compute(ReadOnlyMemory<float> values, int rows, int k, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if ((long)rows * k > values.Length)
            throw new ArgumentException($"{rows} rows × {k} factors need {(long)rows * k} values, got {values.Length}.", nameof(values));
        int chunks = (rows + RowsPerChunk - 1) / RowsPerChunk;
        var partials = new double[chunks][];
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) }, chunk =>
        {
            int start = chunk * RowsPerChunk, count = Math.Min(RowsPerChunk, rows - start);
            var partial = new double[k * k];
            AccumulateUpper(values.Span.Slice(start * k, count * k), k, partial);
            partials[chunk] = partial;
        });
        var gram = new double[k * k];
        foreach (double[] partial in partials) Add(gram, partial);   // chunk order: deterministic
        MirrorUpperToLower(gram, k);
        return gram;
    }

    /// <summary><paramref name="sum"/> += <paramref name="part"/>, element by element (aggregating partial Gram matrices).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static void Add(Span<double> sum, ReadOnlySpan<double> part)
    {
        if (sum.Length != part.Length)
            throw new ArgumentException($"Gram matrices differ in size: {sum.Length} and {part.Length} entries.", nameof(part));
        System.Numerics.Tensors.TensorPrimitives.Add(sum, part, sum);
    }

    /// <summary>
    /// FᵀF + λI rounded to float32: the shared part of every row system in a half-step, multiplied by a vector at every
    /// CG step of every row. It starts on a 64-byte boundary (<see cref="Memory.AlignedFloats"/>), so at k = 64 each of
    /// its rows is four whole cache lines.
    /// </summary>
    public static ArraySegment<float> Regularized(ReadOnlySpan<double> gram, int k, double lambda)
    {
        if (gram.Length != k * k)
            throw new ArgumentException($"A Gram matrix for k = {k} has {k * k} entries, got {gram.Length}.", nameof(gram));
        ArraySegment<float> result = Memory.AlignedFloats.Allocate(k * k);
        for (int i = 0; i < result.Count; i++) result[i] = (float)gram[i];
        for (int d = 0; d < k; d++) result[d * k + d] = (float)(gram[d * k + d] + lambda);
        return result;
    }

    /// <summary>
    /// Adds fᵣfᵣᵀ of every row to the upper triangle of <paramref name="gram"/> (entries left of the diagonal
    /// within a vector width are touched too; <see cref="MirrorUpperToLower"/> overwrites them).
    /// </summary>
    /// <remarks>Several rows per pass over the k × k accumulator, so it is loaded and stored that many times less often:
    /// eight with 512-bit vectors (<see cref="AccumulateUpperWide"/>), else four.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    internal static void AccumulateUpper(ReadOnlySpan<float> rows, int k, Span<double> gram)
    {
        if (Vector512.IsHardwareAccelerated && k % WideLanes == 0 && k <= 256)
        {
            AccumulateUpperWide(rows, k, gram);
            return;
        }
        int count = rows.Length / k;
        Span<double> wide = k <= 256 ? stackalloc double[4 * k] : new double[4 * k];
        int width = Vector<double>.Count;
        int row = 0;
        for (; row + 4 <= count; row += 4)
        {
            for (int i = 0; i < 4 * k; i++) wide[i] = rows[row * k + i];
            ReadOnlySpan<double> a = wide[..k], b = wide.Slice(k, k), c = wide.Slice(2 * k, k), d = wide.Slice(3 * k, k);
            for (int r = 0; r < k; r++)
            {
                double sa = a[r], sb = b[r], sc = c[r], sd = d[r];
                Span<double> target = gram.Slice(r * k, k);
                int column = r / width * width;
                if (Vector.IsHardwareAccelerated)
                {
                    for (; column <= k - width; column += width)
                    {
                        var sum = new Vector<double>(target[column..]);
                        sum += new Vector<double>(a[column..]) * sa + new Vector<double>(b[column..]) * sb
                             + new Vector<double>(c[column..]) * sc + new Vector<double>(d[column..]) * sd;
                        sum.CopyTo(target[column..]);
                    }
                }
                for (; column < k; column++)                                  // tail, and the whole job without SIMD
                    target[column] += a[column] * sa + b[column] * sb + c[column] * sc + d[column] * sd;
            }
        }
        for (; row < count; row++)
        {
            for (int i = 0; i < k; i++) wide[i] = rows[row * k + i];
            for (int r = 0; r < k; r++)
            {
                double s = wide[r];
                for (int column = r; column < k; column++) gram[r * k + column] += wide[column] * s;
            }
        }
    }

    /// <summary>Doubles per <see cref="Vector512{T}"/>.</summary>
    private const int WideLanes = 8;

    /// <summary>
    /// <see cref="AccumulateUpper"/> with <see cref="Vector512{T}"/> for k a multiple of 8 (at most 256): eight rows per
    /// pass, so each vector of the accumulator is loaded and stored once for eight FMAs; the rows' values are widened to
    /// double once per pass into a stack buffer.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void AccumulateUpperWide(ReadOnlySpan<float> rows, int k, Span<double> gram)
    {
        const int group = 8;
        int count = rows.Length / k;
        Span<double> wide = stackalloc double[group * k];
        ref double w = ref MemoryMarshal.GetReference(wide);
        ref double target = ref MemoryMarshal.GetReference(gram);
        ref float source = ref MemoryMarshal.GetReference(rows);
        int row = 0;
        for (; row + group <= count; row += group)
        {
            // Widen the eight rows to double, sixteen floats at a time (8k is a multiple of 16; float to double is exact).
            for (int i = 0; i < group * k; i += 2 * WideLanes)
            {
                (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref source, (nuint)(row * k + i)));
                lower.StoreUnsafe(ref w, (nuint)i);
                upper.StoreUnsafe(ref w, (nuint)(i + WideLanes));
            }
            for (int r = 0; r < k; r++)
            {
                double s0 = wide[r], s1 = wide[k + r], s2 = wide[2 * k + r], s3 = wide[3 * k + r],
                    s4 = wide[4 * k + r], s5 = wide[5 * k + r], s6 = wide[6 * k + r], s7 = wide[7 * k + r];
                for (int column = r / WideLanes * WideLanes; column < k; column += WideLanes)
                {
                    nuint at = (nuint)(r * k + column), c = (nuint)column, stride = (nuint)k;
                    Vector512<double> sum = Vector512.LoadUnsafe(ref target, at);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c), Vector512.Create(s0), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + stride), Vector512.Create(s1), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 2 * stride), Vector512.Create(s2), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 3 * stride), Vector512.Create(s3), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 4 * stride), Vector512.Create(s4), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 5 * stride), Vector512.Create(s5), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 6 * stride), Vector512.Create(s6), sum);
                    sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref w, c + 7 * stride), Vector512.Create(s7), sum);
                    sum.StoreUnsafe(ref target, at);
                }
            }
        }
        for (; row < count; row++)                                              // the last rows, one at a time
        {
            for (int i = 0; i < k; i++) wide[i] = rows[row * k + i];
            for (int r = 0; r < k; r++)
            {
                double s = wide[r];
                for (int column = r; column < k; column++) gram[r * k + column] += wide[column] * s;
            }
        }
    }

    /// <summary>Copies the upper triangle onto the lower one, making the matrix exactly symmetric.</summary>
    internal static void MirrorUpperToLower(Span<double> gram, int k)
    {
        for (int r = 1; r < k; r++)
            for (int column = 0; column < r; column++)
                gram[r * k + column] = gram[column * k + r];
    }
}
