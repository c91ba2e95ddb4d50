using System.Runtime.CompilerServices;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Linalg.Kernels;

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
    /// <remarks>With 512-bit vectors, tiles of the result stay in registers over a panel of rows
    /// (<see cref="AccumulateUpperWide"/>); otherwise four rows per pass over the k × k accumulator, so it is loaded and
    /// stored four times less often.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    internal static void AccumulateUpper(ReadOnlySpan<float> rows, int k, Span<double> gram)
    {
        if (WideVectors.IsAccelerated && k % WideLanes == 0 && k <= 256)
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
        AddRowsOneByOne(rows, k, row, gram, wide[..k]);
    }

    /// <summary>
    /// Adds fᵣfᵣᵀ of rows <paramref name="first"/>.. to the upper triangle of <paramref name="gram"/> one row at a time,
    /// the row widened into <paramref name="widened"/> (k doubles): the rows that do not fill a kernel's group.
    /// </summary>
    private static void AddRowsOneByOne(ReadOnlySpan<float> rows, int k, int first, Span<double> gram, Span<double> widened)
    {
        for (int row = first; row < rows.Length / k; row++)
        {
            for (int i = 0; i < k; i++) widened[i] = rows[row * k + i];
            for (int r = 0; r < k; r++)
            {
                double s = widened[r];
                for (int column = r; column < k; column++) gram[r * k + column] += widened[column] * s;
            }
        }
    }

    /// <summary>Doubles per <see cref="Vector512{T}"/>.</summary>
    private const int WideLanes = 8;

    /// <summary>Rows widened to double at a time: 256 rows × k = 64 is 128 KB, which stays in L2 while every tile reads it.</summary>
    private const int PanelRows = 256;

    /// <summary>
    /// <see cref="AccumulateUpper"/> with <see cref="Vector512{T}"/> for k a multiple of 8 (at most 256). The rows are
    /// widened to double a panel at a time; then each tile of the result, 8 rows × 16 columns of the upper triangle
    /// (and the diagonal's vectors), is held in sixteen registers while the panel's rows are added in: two loads and
    /// eight broadcasts feed sixteen FMAs, and the tile is loaded and stored once per panel, not once per eight rows.
    /// Where a 512-bit vector is two registers (<see cref="WideVectors.InOneRegister"/>), tiles of 4 × 8 instead.
    /// </summary>
    /// <remarks>Every entry receives its rows' products in row order, as when the result was loaded and stored for every
    /// eight rows, so the sum is the same bit for bit (a product of two floats is exact in double: an FMA adds exactly
    /// it). Rows past the last multiple of eight are added one at a time.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void AccumulateUpperWide(ReadOnlySpan<float> rows, int k, Span<double> gram)
    {
        int count = rows.Length / k, whole = count / WideLanes * WideLanes;
        double[] panel = System.Buffers.ArrayPool<double>.Shared.Rent(PanelRows * k);
        ref double w = ref MemoryMarshal.GetArrayDataReference(panel);
        ref double target = ref MemoryMarshal.GetReference(gram);
        ref float source = ref MemoryMarshal.GetReference(rows);
        for (int first = 0; first < whole; first += PanelRows)
        {
            int panelRows = Math.Min(PanelRows, whole - first);
            // Widen the panel's rows to double, sixteen floats at a time (8k is a multiple of 16; float to double is exact).
            for (int i = 0; i < panelRows * k; i += 2 * WideLanes)
            {
                (Vector512<double> lower, Vector512<double> upper) = Vector512.Widen(Vector512.LoadUnsafe(ref source, (nuint)(first * k + i)));
                lower.StoreUnsafe(ref w, (nuint)i);
                upper.StoreUnsafe(ref w, (nuint)(i + WideLanes));
            }
            for (int r = 0; r < k; r += WideLanes)
            {
                int column = r;                                      // the diagonal's vector onwards, as for every row of r..r+7
                if (!WideVectors.InOneRegister)
                {
                    // AVX2: sixteen 512-bit accumulators would take 32 registers of 16; tiles of 4 × 8 take eight.
                    for (; column < k; column += WideLanes)
                    {
                        AddQuarterTile(ref w, panelRows, k, r, column, ref target);
                        AddQuarterTile(ref w, panelRows, k, r + WideLanes / 2, column, ref target);
                    }
                    continue;
                }
                for (; column + 2 * WideLanes <= k; column += 2 * WideLanes)
                    AddTile(ref w, panelRows, k, r, column, ref target, pair: true);
                if (column < k) AddTile(ref w, panelRows, k, r, column, ref target, pair: false);
            }
        }
        System.Buffers.ArrayPool<double>.Shared.Return(panel);
        AddRowsOneByOne(rows, k, whole, gram, stackalloc double[k]);   // the last rows, one at a time
    }

    /// <summary>
    /// Adds the products of <paramref name="panelRows"/> widened rows to rows r..r + 7 of <paramref name="gram"/>, columns
    /// <paramref name="column"/>.. (sixteen, or eight without <paramref name="pair"/>), in row order.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddTile(ref double panel, int panelRows, int k, int r, int column, ref double gram, bool pair)
    {
        nuint stride = (nuint)k, at = (nuint)(r * k + column);
        Vector512<double> a0 = Vector512.LoadUnsafe(ref gram, at), a1 = Vector512.LoadUnsafe(ref gram, at + stride),
            a2 = Vector512.LoadUnsafe(ref gram, at + 2 * stride), a3 = Vector512.LoadUnsafe(ref gram, at + 3 * stride),
            a4 = Vector512.LoadUnsafe(ref gram, at + 4 * stride), a5 = Vector512.LoadUnsafe(ref gram, at + 5 * stride),
            a6 = Vector512.LoadUnsafe(ref gram, at + 6 * stride), a7 = Vector512.LoadUnsafe(ref gram, at + 7 * stride);
        Vector512<double> b0 = Vector512<double>.Zero, b1 = b0, b2 = b0, b3 = b0, b4 = b0, b5 = b0, b6 = b0, b7 = b0;
        if (pair)
        {
            nuint next = at + WideLanes;
            b0 = Vector512.LoadUnsafe(ref gram, next); b1 = Vector512.LoadUnsafe(ref gram, next + stride);
            b2 = Vector512.LoadUnsafe(ref gram, next + 2 * stride); b3 = Vector512.LoadUnsafe(ref gram, next + 3 * stride);
            b4 = Vector512.LoadUnsafe(ref gram, next + 4 * stride); b5 = Vector512.LoadUnsafe(ref gram, next + 5 * stride);
            b6 = Vector512.LoadUnsafe(ref gram, next + 6 * stride); b7 = Vector512.LoadUnsafe(ref gram, next + 7 * stride);
        }
        for (int row = 0; row < panelRows; row++)
        {
            ref double x = ref Unsafe.Add(ref panel, (nuint)(row * k));
            Vector512<double> left = Vector512.LoadUnsafe(ref x, (nuint)column);
            Vector512<double> right = pair ? Vector512.LoadUnsafe(ref x, (nuint)(column + WideLanes)) : Vector512<double>.Zero;
            Vector512<double> s;
            s = Vector512.Create(Unsafe.Add(ref x, r)); a0 = Vector512.FusedMultiplyAdd(left, s, a0); b0 = Vector512.FusedMultiplyAdd(right, s, b0);
            s = Vector512.Create(Unsafe.Add(ref x, r + 1)); a1 = Vector512.FusedMultiplyAdd(left, s, a1); b1 = Vector512.FusedMultiplyAdd(right, s, b1);
            s = Vector512.Create(Unsafe.Add(ref x, r + 2)); a2 = Vector512.FusedMultiplyAdd(left, s, a2); b2 = Vector512.FusedMultiplyAdd(right, s, b2);
            s = Vector512.Create(Unsafe.Add(ref x, r + 3)); a3 = Vector512.FusedMultiplyAdd(left, s, a3); b3 = Vector512.FusedMultiplyAdd(right, s, b3);
            s = Vector512.Create(Unsafe.Add(ref x, r + 4)); a4 = Vector512.FusedMultiplyAdd(left, s, a4); b4 = Vector512.FusedMultiplyAdd(right, s, b4);
            s = Vector512.Create(Unsafe.Add(ref x, r + 5)); a5 = Vector512.FusedMultiplyAdd(left, s, a5); b5 = Vector512.FusedMultiplyAdd(right, s, b5);
            s = Vector512.Create(Unsafe.Add(ref x, r + 6)); a6 = Vector512.FusedMultiplyAdd(left, s, a6); b6 = Vector512.FusedMultiplyAdd(right, s, b6);
            s = Vector512.Create(Unsafe.Add(ref x, r + 7)); a7 = Vector512.FusedMultiplyAdd(left, s, a7); b7 = Vector512.FusedMultiplyAdd(right, s, b7);
        }
        a0.StoreUnsafe(ref gram, at); a1.StoreUnsafe(ref gram, at + stride); a2.StoreUnsafe(ref gram, at + 2 * stride);
        a3.StoreUnsafe(ref gram, at + 3 * stride); a4.StoreUnsafe(ref gram, at + 4 * stride); a5.StoreUnsafe(ref gram, at + 5 * stride);
        a6.StoreUnsafe(ref gram, at + 6 * stride); a7.StoreUnsafe(ref gram, at + 7 * stride);
        if (!pair) return;
        nuint second = at + WideLanes;
        b0.StoreUnsafe(ref gram, second); b1.StoreUnsafe(ref gram, second + stride); b2.StoreUnsafe(ref gram, second + 2 * stride);
        b3.StoreUnsafe(ref gram, second + 3 * stride); b4.StoreUnsafe(ref gram, second + 4 * stride); b5.StoreUnsafe(ref gram, second + 5 * stride);
        b6.StoreUnsafe(ref gram, second + 6 * stride); b7.StoreUnsafe(ref gram, second + 7 * stride);
    }

    /// <summary>
    /// <see cref="AddTile"/> for rows r..r + 3 and eight columns from <paramref name="column"/>: the same FMAs for each
    /// entry in row order (so the same sum bit for bit) in four accumulators, which fit AVX2's registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void AddQuarterTile(ref double panel, int panelRows, int k, int r, int column, ref double gram)
    {
        nuint stride = (nuint)k, at = (nuint)(r * k + column);
        Vector512<double> a0 = Vector512.LoadUnsafe(ref gram, at), a1 = Vector512.LoadUnsafe(ref gram, at + stride),
            a2 = Vector512.LoadUnsafe(ref gram, at + 2 * stride), a3 = Vector512.LoadUnsafe(ref gram, at + 3 * stride);
        for (int row = 0; row < panelRows; row++)
        {
            ref double x = ref Unsafe.Add(ref panel, (nuint)(row * k));
            Vector512<double> values = Vector512.LoadUnsafe(ref x, (nuint)column);
            a0 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, r)), a0);
            a1 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, r + 1)), a1);
            a2 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, r + 2)), a2);
            a3 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, r + 3)), a3);
        }
        a0.StoreUnsafe(ref gram, at); a1.StoreUnsafe(ref gram, at + stride);
        a2.StoreUnsafe(ref gram, at + 2 * stride); a3.StoreUnsafe(ref gram, at + 3 * stride);
    }

    /// <summary>Copies the upper triangle onto the lower one, making the matrix exactly symmetric.</summary>
    internal static void MirrorUpperToLower(Span<double> gram, int k)
    {
        for (int r = 1; r < k; r++)
            for (int column = 0; column < r; column++)
                gram[r * k + column] = gram[column * k + r];
    }
}
