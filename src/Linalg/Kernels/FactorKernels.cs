using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Linalg.Kernels;

/// <summary>
/// The inner loops of implicit ALS over rows of a fixed factor matrix F (n × k, row-major float32).
/// </summary>
/// <remarks>
/// Each kernel has two paths with the same contract. The wide path uses <see cref="Vector512{T}"/> and needs
/// k to be a multiple of 16; it runs when <see cref="UseWide"/> says so (AVX-512, or AVX2 with FMA: see
/// <see cref="WideVectors"/>), with the same result on both. The portable path is built on
/// <see cref="TensorPrimitives"/> (which itself dispatches 512 → 256 → 128 bits → scalar) and serves every k
/// and every machine; tests run both paths against the same dense reference. Callers check indices once per
/// block (<c>HalfStep</c> range-checks every column index), so the wide path reads without bounds checks.
/// </remarks>
internal static class FactorKernels
{
    /// <summary>Floats per <see cref="Vector512{T}"/>.</summary>
    private const int Lanes = 16;

    /// <summary>Four vectors (64 floats) are accumulated together: enough independent FMA chains to hide their latency.</summary>
    private const int GroupWidth = 4 * Lanes;

    /// <summary>
    /// Entries ahead whose rows are prefetched while gathering. Rows of the fixed side are scattered over tens of
    /// megabytes, so the gather waits on memory, not on arithmetic; asking for the row 8 entries ahead hid
    /// about half of that wait in the 360k-shaped benchmark (4 and 16 were no better).
    /// </summary>
    private const int PrefetchDistance = 8;

    /// <summary>Hints the cache lines of one factor row into L1. A hint only: a stale address cannot fault.</summary>
    private static unsafe void Prefetch(ref float row, int k)
    {
        byte* address = (byte*)Unsafe.AsPointer(ref row);
        if (!System.Runtime.Intrinsics.X86.Sse.IsSupported) return;
        for (int offset = 0; offset < k * sizeof(float); offset += 64) System.Runtime.Intrinsics.X86.Sse.Prefetch0(address + offset);
    }

    /// <summary>Whether the wide path can serve k: 512-bit vectors at hardware speed (<see cref="WideVectors"/>) and k a multiple of 16.</summary>
    public static bool UseWide(int k) => WideVectors.IsAccelerated && k % Lanes == 0;

    /// <summary>
    /// wⱼ = TRule(fᶜ·v, confidenceⱼ, confidenceMinusOneⱼ) for every entry j, where c = <paramref name="columns"/>[j].
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    public static void GatherWeights<TRule>(ReadOnlySpan<float> fixedFactors, int k, ReadOnlySpan<int> columns,
        ReadOnlySpan<float> vector, ReadOnlySpan<float> confidence, ReadOnlySpan<float> confidenceMinusOne,
        Span<float> weights, bool wide)
        where TRule : IWeightRule
    {
        int count = columns.Length;
        if (!wide)
        {
            for (int j = 0; j < count; j++)
            {
                float dot = TensorPrimitives.Dot(fixedFactors.Slice(columns[j] * k, k), vector);
                weights[j] = TRule.Weight(dot, confidence.IsEmpty ? 0f : confidence[j],
                    confidenceMinusOne.IsEmpty ? 0f : confidenceMinusOne[j]);
            }
            return;
        }

        ref float factors = ref MemoryMarshal.GetReference(fixedFactors);
        ref float v = ref MemoryMarshal.GetReference(vector);
        ref int column = ref MemoryMarshal.GetReference(columns);
        ref float c = ref MemoryMarshal.GetReference(confidence);
        ref float cMinusOne = ref MemoryMarshal.GetReference(confidenceMinusOne);
        ref float w = ref MemoryMarshal.GetReference(weights);
        bool hasConfidence = !confidence.IsEmpty, hasConfidenceMinusOne = !confidenceMinusOne.IsEmpty;
        for (int j = 0; j < count; j++)
        {
            nuint row = (nuint)Unsafe.Add(ref column, j) * (nuint)k;
            if (j + PrefetchDistance < count)
                Prefetch(ref Unsafe.Add(ref factors, (nuint)Unsafe.Add(ref column, j + PrefetchDistance) * (nuint)k), k);
            Vector512<float> sum = Vector512<float>.Zero;
            for (int d = 0; d < k; d += Lanes)
                sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, row + (nuint)d),
                    Vector512.LoadUnsafe(ref v, (nuint)d), sum);
            Unsafe.Add(ref w, j) = TRule.Weight(HorizontalSum(sum),
                hasConfidence ? Unsafe.Add(ref c, j) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j) : 0f);
        }
    }

    /// <summary><paramref name="accumulator"/> += ∑ⱼ wⱼ·fᶜ, c = <paramref name="columns"/>[j] (k values).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    public static void AddWeightedRows(ReadOnlySpan<float> fixedFactors, int k, ReadOnlySpan<int> columns,
        ReadOnlySpan<float> weights, Span<float> accumulator, bool wide)
    {
        int count = columns.Length;
        if (!wide)
        {
            for (int j = 0; j < count; j++)
                TensorPrimitives.MultiplyAdd(fixedFactors.Slice(columns[j] * k, k), weights[j], accumulator, accumulator);
            return;
        }

        ref float factors = ref MemoryMarshal.GetReference(fixedFactors);
        ref int column = ref MemoryMarshal.GetReference(columns);
        ref float w = ref MemoryMarshal.GetReference(weights);
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        int d = 0;
        for (; d + GroupWidth <= k; d += GroupWidth)
        {
            // Two sets of four accumulators (even and odd entries): eight independent FMA chains.
            nuint offset = (nuint)d;
            Vector512<float> a0 = Vector512.LoadUnsafe(ref acc, offset), a1 = Vector512.LoadUnsafe(ref acc, offset + 16),
                a2 = Vector512.LoadUnsafe(ref acc, offset + 32), a3 = Vector512.LoadUnsafe(ref acc, offset + 48);
            Vector512<float> b0 = Vector512<float>.Zero, b1 = b0, b2 = b0, b3 = b0;
            int j = 0;
            for (; j + 1 < count; j += 2)
            {
                nuint rowA = (nuint)Unsafe.Add(ref column, j) * (nuint)k + offset;
                nuint rowB = (nuint)Unsafe.Add(ref column, j + 1) * (nuint)k + offset;
                var wa = Vector512.Create(Unsafe.Add(ref w, j));
                var wb = Vector512.Create(Unsafe.Add(ref w, j + 1));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA), wa, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 16), wa, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 32), wa, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 48), wa, a3);
                b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB), wb, b0);
                b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 16), wb, b1);
                b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 32), wb, b2);
                b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 48), wb, b3);
            }
            if (j < count)
            {
                nuint rowA = (nuint)Unsafe.Add(ref column, j) * (nuint)k + offset;
                var wa = Vector512.Create(Unsafe.Add(ref w, j));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA), wa, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 16), wa, a1);
                a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 32), wa, a2);
                a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 48), wa, a3);
            }
            (a0 + b0).StoreUnsafe(ref acc, offset);
            (a1 + b1).StoreUnsafe(ref acc, offset + 16);
            (a2 + b2).StoreUnsafe(ref acc, offset + 32);
            (a3 + b3).StoreUnsafe(ref acc, offset + 48);
        }
        for (; d < k; d += Lanes)                                   // k not a multiple of 64: one vector at a time
        {
            nuint offset = (nuint)d;
            Vector512<float> a = Vector512.LoadUnsafe(ref acc, offset);
            for (int j = 0; j < count; j++)
                a = Vector512.FusedMultiplyAdd(
                    Vector512.LoadUnsafe(ref factors, (nuint)Unsafe.Add(ref column, j) * (nuint)k + offset),
                    Vector512.Create(Unsafe.Add(ref w, j)), a);
            a.StoreUnsafe(ref acc, offset);
        }
    }

    /// <summary>
    /// <paramref name="accumulator"/> += ∑ⱼ wⱼ·fᶜ with wⱼ = TRule(fᶜ·v, confidenceⱼ, confidenceMinusOneⱼ), c =
    /// <paramref name="columns"/>[j], and <paramref name="dots"/>ⱼ = fᶜ·v: <see cref="GatherWeights{TRule}"/> then
    /// <see cref="AddWeightedRows"/>, with the same result bit for bit. At k = 64 on the wide path it makes one pass
    /// instead of two: each row of F is loaded once, dotted with v and added while still in registers, which halves the
    /// traffic of rows that do not stay in cache between the passes (the long rows of popular artists). Elsewhere
    /// <paramref name="weights"/> holds the wⱼ between the two passes.
    /// </summary>
    public static void GatherAddWeightedRows<TRule>(ReadOnlySpan<float> fixedFactors, int k, ReadOnlySpan<int> columns,
        ReadOnlySpan<float> vector, ReadOnlySpan<float> confidence, ReadOnlySpan<float> confidenceMinusOne,
        Span<float> dots, Span<float> weights, Span<float> accumulator, bool wide)
        where TRule : IWeightRule
    {
        if (wide && k == GroupWidth)
        {
            GatherAddRows64<TRule>(fixedFactors, columns, vector, confidence, confidenceMinusOne, dots, accumulator);
            return;
        }
        GatherWeights<DotWeight>(fixedFactors, k, columns, vector, [], [], dots, wide);
        for (int j = 0; j < columns.Length; j++) weights[j] = TRule.Weight(dots[j], confidence[j], confidenceMinusOne[j]);
        AddWeightedRows(fixedFactors, k, columns, weights, accumulator, wide);
    }

    /// <summary>
    /// The one-pass form of <see cref="GatherAddWeightedRows{TRule}"/> for k = 64. Every operation, and its order, is
    /// the one of the two-pass kernels: the dot product as in <see cref="GatherWeights{TRule}"/> (FMA over the four
    /// vectors from zero, then <see cref="HorizontalSum"/>) and the accumulation as in <see cref="AddWeightedRows"/> (even
    /// entries into one set of four accumulators, odd entries into another, the two sets added at the end).
    /// </summary>
    /// <remarks>
    /// With AVX-512, entries go four at a time: the four rows are loaded together (sixteen cache lines in flight rather
    /// than whatever the out-of-order window reaches), and their four dot products are reduced together
    /// (<see cref="HorizontalSums"/>), in fewer shuffles than four separate sums, with the same result for each. With AVX2
    /// (a 512-bit vector is two registers of sixteen) they go one at a time: four rows at once would not fit the
    /// registers, and on the 360k benchmark the spills made the iteration 1.4 times as long (2.68 s against 1.89 s).
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void GatherAddRows64<TRule>(ReadOnlySpan<float> fixedFactors, ReadOnlySpan<int> columns,
        ReadOnlySpan<float> vector, ReadOnlySpan<float> confidence, ReadOnlySpan<float> confidenceMinusOne,
        Span<float> dots, Span<float> accumulator)
        where TRule : IWeightRule
    {
        const int k = GroupWidth;
        int count = columns.Length;
        ref float factors = ref MemoryMarshal.GetReference(fixedFactors);
        ref int column = ref MemoryMarshal.GetReference(columns);
        ref float c = ref MemoryMarshal.GetReference(confidence);
        ref float cMinusOne = ref MemoryMarshal.GetReference(confidenceMinusOne);
        ref float dotsOut = ref MemoryMarshal.GetReference(dots);
        ref float acc = ref MemoryMarshal.GetReference(accumulator);
        bool hasConfidence = !confidence.IsEmpty, hasConfidenceMinusOne = !confidenceMinusOne.IsEmpty;
        ref float v = ref MemoryMarshal.GetReference(vector);
        Vector512<float> v0 = Vector512.LoadUnsafe(ref v), v1 = Vector512.LoadUnsafe(ref v, 16),
            v2 = Vector512.LoadUnsafe(ref v, 32), v3 = Vector512.LoadUnsafe(ref v, 48);
        Vector512<float> a0 = Vector512.LoadUnsafe(ref acc), a1 = Vector512.LoadUnsafe(ref acc, 16),
            a2 = Vector512.LoadUnsafe(ref acc, 32), a3 = Vector512.LoadUnsafe(ref acc, 48);
        Vector512<float> b0 = Vector512<float>.Zero, b1 = b0, b2 = b0, b3 = b0;
        int j = 0;
        for (; WideVectors.InOneRegister && j + 4 <= count; j += 4)
        {
            for (int ahead = j + PrefetchDistance; ahead < j + PrefetchDistance + 4 && ahead < count; ahead++)
                Prefetch(ref Unsafe.Add(ref factors, (nuint)Unsafe.Add(ref column, ahead) * k), k);
            nuint rowA = (nuint)Unsafe.Add(ref column, j) * k, rowB = (nuint)Unsafe.Add(ref column, j + 1) * k,
                rowC = (nuint)Unsafe.Add(ref column, j + 2) * k, rowD = (nuint)Unsafe.Add(ref column, j + 3) * k;
            Vector512<float> dotA = Dot64(ref factors, rowA, v0, v1, v2, v3), dotB = Dot64(ref factors, rowB, v0, v1, v2, v3),
                dotC = Dot64(ref factors, rowC, v0, v1, v2, v3), dotD = Dot64(ref factors, rowD, v0, v1, v2, v3);
            Vector128<float> products = HorizontalSums(dotA, dotB, dotC, dotD);
            products.StoreUnsafe(ref dotsOut, (nuint)j);
            var scaleA = Vector512.Create(TRule.Weight(products.GetElement(0),
                hasConfidence ? Unsafe.Add(ref c, j) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j) : 0f));
            var scaleB = Vector512.Create(TRule.Weight(products.GetElement(1),
                hasConfidence ? Unsafe.Add(ref c, j + 1) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j + 1) : 0f));
            var scaleC = Vector512.Create(TRule.Weight(products.GetElement(2),
                hasConfidence ? Unsafe.Add(ref c, j + 2) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j + 2) : 0f));
            var scaleD = Vector512.Create(TRule.Weight(products.GetElement(3),
                hasConfidence ? Unsafe.Add(ref c, j + 3) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j + 3) : 0f));
            // Entries j and j + 2 are even (j is a multiple of 4): set a, in entry order; j + 1 and j + 3 set b.
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA), scaleA, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 16), scaleA, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 32), scaleA, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowA + 48), scaleA, a3);
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB), scaleB, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 16), scaleB, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 32), scaleB, b2);
            b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowB + 48), scaleB, b3);
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowC), scaleC, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowC + 16), scaleC, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowC + 32), scaleC, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowC + 48), scaleC, a3);
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowD), scaleD, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowD + 16), scaleD, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowD + 32), scaleD, b2);
            b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, rowD + 48), scaleD, b3);
        }
        for (; j < count; j++)
        {
            if (j + PrefetchDistance < count)
                Prefetch(ref Unsafe.Add(ref factors, (nuint)Unsafe.Add(ref column, j + PrefetchDistance) * k), k);
            nuint row = (nuint)Unsafe.Add(ref column, j) * k;
            float product = HorizontalSum(Dot64(ref factors, row, v0, v1, v2, v3));
            Unsafe.Add(ref dotsOut, j) = product;
            float weight = TRule.Weight(product,
                hasConfidence ? Unsafe.Add(ref c, j) : 0f, hasConfidenceMinusOne ? Unsafe.Add(ref cMinusOne, j) : 0f);
            var scale = Vector512.Create(weight);
            Vector512<float> f0 = Vector512.LoadUnsafe(ref factors, row), f1 = Vector512.LoadUnsafe(ref factors, row + 16),
                f2 = Vector512.LoadUnsafe(ref factors, row + 32), f3 = Vector512.LoadUnsafe(ref factors, row + 48);
            if ((j & 1) == 0)
            {
                a0 = Vector512.FusedMultiplyAdd(f0, scale, a0);
                a1 = Vector512.FusedMultiplyAdd(f1, scale, a1);
                a2 = Vector512.FusedMultiplyAdd(f2, scale, a2);
                a3 = Vector512.FusedMultiplyAdd(f3, scale, a3);
            }
            else
            {
                b0 = Vector512.FusedMultiplyAdd(f0, scale, b0);
                b1 = Vector512.FusedMultiplyAdd(f1, scale, b1);
                b2 = Vector512.FusedMultiplyAdd(f2, scale, b2);
                b3 = Vector512.FusedMultiplyAdd(f3, scale, b3);
            }
        }
        (a0 + b0).StoreUnsafe(ref acc);
        (a1 + b1).StoreUnsafe(ref acc, 16);
        (a2 + b2).StoreUnsafe(ref acc, 32);
        (a3 + b3).StoreUnsafe(ref acc, 48);
    }

    /// <summary>The lane-wise partial products of one 64-float row with v: FMA over its four vectors from zero, in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> Dot64(ref float factors, nuint row, Vector512<float> v0, Vector512<float> v1, Vector512<float> v2, Vector512<float> v3)
    {
        Vector512<float> dot = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, row), v0, Vector512<float>.Zero);
        dot = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, row + 16), v1, dot);
        dot = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, row + 32), v2, dot);
        return Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref factors, row + 48), v3, dot);
    }

    /// <summary>
    /// The sum of the 16 lanes of <paramref name="x"/> in one fixed order, the order <see cref="HorizontalSums"/> uses
    /// for each of its four vectors: quarters q0 + q2 and q1 + q3, those two added, then within the quarter
    /// (x0 + x1) + (x2 + x3). The gathering kernels share it so their results agree bit for bit.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static float HorizontalSum(Vector512<float> x)
    {
        Vector256<float> halves = x.GetLower() + x.GetUpper();                   // q0 + q2, q1 + q3
        Vector128<float> quarter = halves.GetLower() + halves.GetUpper();        // (q0 + q2) + (q1 + q3)
        Vector128<float> pairs = quarter + Vector128.Shuffle(quarter, Vector128.Create(1, 0, 3, 2));
        return (pairs + Vector128.Shuffle(pairs, Vector128.Create(2, 3, 0, 1))).ToScalar();
    }

    /// <summary>
    /// <see cref="HorizontalSum"/> of four vectors at once, each summed in exactly its order. With AVX-512 the quarters of
    /// two vectors are interleaved into one register so that each shuffle and add serves two (then four) sums; without it
    /// (AVX2, where a 512-bit vector is two registers) the four sums are taken one by one.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector128<float> HorizontalSums(Vector512<float> a, Vector512<float> b, Vector512<float> c, Vector512<float> d)
    {
        if (!Avx512F.IsSupported) return Vector128.Create(HorizontalSum(a), HorizontalSum(b), HorizontalSum(c), HorizontalSum(d));
        // [a.q0 + a.q2, a.q1 + a.q3, b.q0 + b.q2, b.q1 + b.q3], the same for c and d
        Vector512<float> ab = Avx512F.Shuffle4x128(a, b, 0b01_00_01_00) + Avx512F.Shuffle4x128(a, b, 0b11_10_11_10);
        Vector512<float> cd = Avx512F.Shuffle4x128(c, d, 0b01_00_01_00) + Avx512F.Shuffle4x128(c, d, 0b11_10_11_10);
        // quarter i holds the 4 partial sums of vector i: (q0 + q2) + (q1 + q3)
        Vector512<float> quarters = Avx512F.Shuffle4x128(ab, cd, 0b10_00_10_00) + Avx512F.Shuffle4x128(ab, cd, 0b11_01_11_01);
        Vector512<float> pairs = quarters + Avx512F.Permute4x32(quarters, 0b10_11_00_01);      // x0 + x1, x1 + x0, x2 + x3, x3 + x2
        Vector512<float> sums = pairs + Avx512F.Permute4x32(pairs, 0b01_00_11_10);              // (x0 + x1) + (x2 + x3) in lane 0
        return Avx512F.PermuteVar16x32(sums, Vector512.Create(0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).GetLower().GetLower();
    }

    /// <summary>Column lists 0, 1, …, k − 1 for <see cref="SymmetricMultiply"/>, shared by every call.</summary>
    private static readonly int[] Identity = [.. Enumerable.Range(0, Als.AlsDefaults.MaxFactors)];

    /// <summary>
    /// <paramref name="result"/> = G·v for a symmetric k × k matrix G. Since G·v = ∑_d v_d·G[d, :], this is
    /// <see cref="AddWeightedRows"/> over rows 0..k−1 of G with weights v: one kernel, no horizontal sums.
    /// </summary>
    public static void SymmetricMultiply(ReadOnlySpan<float> gram, int k, ReadOnlySpan<float> vector, Span<float> result, bool wide)
    {
        if (wide && k == GroupWidth)
        {
            SymmetricMultiply64(gram, vector, result);
            return;
        }
        result[..k].Clear();
        AddWeightedRows(gram, k, Identity.AsSpan(0, k), vector, result, wide);
    }

    /// <summary>
    /// <see cref="SymmetricMultiply"/> at k = 64 on the wide path, with <see cref="AddWeightedRows"/>'s operations in its
    /// order (rows of G with even d into one set of four accumulators from zero, odd d into another, the sets added at
    /// the end), so the same result bit for bit; it skips the identity column list and its index arithmetic, which cost as
    /// much as the loads of G in this product that every CG step of every row makes. With AVX2 the eight accumulators
    /// would fill all sixteen registers, so there <see cref="SymmetricMultiply64Halves"/> does the same in two halves.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void SymmetricMultiply64(ReadOnlySpan<float> gram, ReadOnlySpan<float> vector, Span<float> result)
    {
        if (!WideVectors.InOneRegister)
        {
            SymmetricMultiply64Halves(gram, vector, result);
            return;
        }
        const int k = GroupWidth;
        ref float g = ref MemoryMarshal.GetReference(gram);
        ref float v = ref MemoryMarshal.GetReference(vector);
        Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        for (nuint d = 0; d < k; d += 2)
        {
            nuint even = d * k, odd = even + k;
            var wa = Vector512.Create(Unsafe.Add(ref v, d));
            var wb = Vector512.Create(Unsafe.Add(ref v, d + 1));
            a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even), wa, a0);
            a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even + 16), wa, a1);
            a2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even + 32), wa, a2);
            a3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even + 48), wa, a3);
            b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd), wb, b0);
            b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd + 16), wb, b1);
            b2 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd + 32), wb, b2);
            b3 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd + 48), wb, b3);
        }
        ref float output = ref MemoryMarshal.GetReference(result);
        (a0 + b0).StoreUnsafe(ref output);
        (a1 + b1).StoreUnsafe(ref output, 16);
        (a2 + b2).StoreUnsafe(ref output, 32);
        (a3 + b3).StoreUnsafe(ref output, 48);
    }

    /// <summary>
    /// <see cref="SymmetricMultiply64"/> for AVX2: columns 0–31 of the result, then 32–63, each with four accumulators
    /// (two of each set) that fit the registers. Every output lane gets the same FMAs in the same order, so the same
    /// result bit for bit; G (16 KB) is read twice, from L1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void SymmetricMultiply64Halves(ReadOnlySpan<float> gram, ReadOnlySpan<float> vector, Span<float> result)
    {
        const int k = GroupWidth, half = GroupWidth / 2;
        ref float g = ref MemoryMarshal.GetReference(gram);
        ref float v = ref MemoryMarshal.GetReference(vector);
        ref float output = ref MemoryMarshal.GetReference(result);
        for (nuint column = 0; column < k; column += half)
        {
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, b0 = a0, b1 = a0;
            for (nuint d = 0; d < k; d += 2)
            {
                nuint even = d * k + column, odd = even + k;
                var wa = Vector512.Create(Unsafe.Add(ref v, d));
                var wb = Vector512.Create(Unsafe.Add(ref v, d + 1));
                a0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even), wa, a0);
                a1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, even + 16), wa, a1);
                b0 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd), wb, b0);
                b1 = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref g, odd + 16), wb, b1);
            }
            (a0 + b0).StoreUnsafe(ref output, column);
            (a1 + b1).StoreUnsafe(ref output, column + 16);
        }
    }

    /// <summary>x·y over k values; on the wide path the lanes are summed by <see cref="HorizontalSum"/>, whose order is the same on every machine.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y, bool wide)
    {
        if (!wide) return TensorPrimitives.Dot(x, y);
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(y);
        Vector512<float> sum = Vector512<float>.Zero;
        for (int d = 0; d < x.Length; d += Lanes)
            sum = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)d), Vector512.LoadUnsafe(ref b, (nuint)d), sum);
        return HorizontalSum(sum);
    }

    /// <summary><paramref name="destination"/> = <paramref name="x"/>·<paramref name="scale"/> + <paramref name="addend"/> over k values (may alias).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void MultiplyAdd(ReadOnlySpan<float> x, float scale, ReadOnlySpan<float> addend, Span<float> destination, bool wide)
    {
        if (!wide)
        {
            TensorPrimitives.MultiplyAdd(x, scale, addend, destination);
            return;
        }
        ref float a = ref MemoryMarshal.GetReference(x);
        ref float b = ref MemoryMarshal.GetReference(addend);
        ref float output = ref MemoryMarshal.GetReference(destination);
        var s = Vector512.Create(scale);
        for (int d = 0; d < x.Length; d += Lanes)
            Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref a, (nuint)d), s, Vector512.LoadUnsafe(ref b, (nuint)d))
                .StoreUnsafe(ref output, (nuint)d);
    }
}
