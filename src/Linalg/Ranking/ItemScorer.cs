using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;
using Linalg.Kernels;

namespace Linalg.Ranking;

/// <summary>
/// Item factors repacked for the batched users × items product of top-K scoring.
/// </summary>
/// <remarks>
/// Scoring user u against all items is the row xᵤᵀYᵀ. Computing it as one dot product per item wastes the
/// vector unit on horizontal sums. Instead items are packed in panels of 16 (one <see cref="Vector512{T}"/>):
/// panel p holds, for d = 0..k−1, the d-th factor of items 16p..16p+15, so
/// <c>scores[16p..16p+16) = ∑_d xᵤ[d] · panel_p[d]</c> is k fused multiply-adds with no horizontal work. Four
/// users by two panels are scored together (eight accumulators hide the FMA latency; each panel load serves
/// four users; one panel at a time with AVX2, whose registers hold half as many 512-bit accumulators). Items past
/// the last full panel are padded with zero factors and never reported.
/// <para>Items are packed in order of decreasing norm ‖yᵢ‖ (ties: lower index first), and each panel records the
/// largest norm it holds. By Cauchy–Schwarz xᵤ·yᵢ ≤ ‖xᵤ‖‖yᵢ‖, so once ‖xᵤ‖ times a panel's largest norm is below
/// the K-th best score found so far, no item of that panel or of any later panel can enter user u's top K: top-K
/// stops there (<see cref="TopK"/>). A position's score is still computed exactly as before (the same FMA chain over
/// d for that item), so the pruning changes which items are scored, never a score.</para>
/// </remarks>
public sealed class ItemScorer
{
    /// <summary>Items per panel: the float lanes of one <see cref="Vector512{T}"/>.</summary>
    internal const int PanelWidth = 16;

    /// <summary>Users scored together by the kernel.</summary>
    internal const int UsersPerPass = 4;

    private readonly float[] _panels;
    private readonly int[] _order;
    private readonly int[] _positions;
    private readonly float[] _panelNorms;
    private readonly ulong[] _keys;
    private readonly ulong[] _keyScratch;
    private readonly int[] _orderScratch;
    private int _retired;

    /// <summary>Packs <paramref name="itemFactors"/> (kept by reference for the portable path) on one thread.</summary>
    public ItemScorer(FactorMatrix itemFactors)
        : this(itemFactors, threads: 1, recycled: null)
    {
    }

    /// <summary>
    /// Packs <paramref name="itemFactors"/> with up to <paramref name="threads"/> threads, into the buffers of
    /// <paramref name="recycled"/> when it has the same shape (an older scorer the caller no longer uses: it is retired,
    /// and ranking with it afterwards throws). The packing does not depend on either: it equals the one-thread packing.
    /// </summary>
    /// <remarks>Reusing the buffers saves allocating about items × k floats (41 MB for 160K items at k = 64) for every
    /// iteration's scorer; fresh large arrays are zeroed and page-faulted in, which on a VM costs several times the
    /// packing itself (about 0.24 against 0.03 CPU-seconds for the 360K item factors).</remarks>
    /// <exception cref="InvalidOperationException"><paramref name="recycled"/> was already retired.</exception>
    public ItemScorer(FactorMatrix itemFactors, int threads, ItemScorer? recycled)
        : this(itemFactors, portable: false, threads, recycled)
    {
    }

    internal ItemScorer(FactorMatrix itemFactors, bool portable, int threads = 1, ItemScorer? recycled = null)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        Factors = itemFactors.Factors;
        ItemFactors = itemFactors;
        Wide = !portable && WideVectors.IsAccelerated;
        Panels = (itemFactors.Rows + PanelWidth - 1) / PanelWidth;
        int items = itemFactors.Rows;
        long panelValues = Wide ? (long)Panels * Factors * PanelWidth : 0;
        if (recycled is not null && Interlocked.Exchange(ref recycled._retired, 1) != 0)
            throw new InvalidOperationException("The item scorer to recycle was already retired: its buffers belong to a newer scorer.");
        bool reuse = recycled is not null && recycled.Items == items && recycled._panels.LongLength == panelValues;
        _keys = reuse ? recycled!._keys : new ulong[items];
        _keyScratch = reuse ? recycled!._keyScratch : new ulong[items];
        _orderScratch = reuse ? recycled!._orderScratch : new int[items];
        _order = reuse ? recycled!._order : new int[items];
        _positions = reuse ? recycled!._positions : new int[items];
        _panelNorms = reuse ? recycled!._panelNorms : new float[Panels];
        _panels = reuse ? recycled!._panels : panelValues > 0 ? new float[panelValues] : [];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        int chunks = Math.Max(1, threads) * ChunksPerThread;
        OrderByNorm(itemFactors, parallel, chunks);
        if (Wide) Pack(itemFactors, parallel, chunks);
    }

    /// <summary>Number of items.</summary>
    public int Items => ItemFactors.Rows;

    /// <summary>Latent factors (k).</summary>
    public int Factors { get; }

    /// <summary>The item factors this scorer was built from.</summary>
    public FactorMatrix ItemFactors { get; }

    internal int Panels { get; }

    internal bool Wide { get; }

    /// <summary>The item at each packed position (decreasing norm).</summary>
    internal ReadOnlySpan<int> Order => _order;

    /// <summary>The packed position of each item (the inverse of <see cref="Order"/>).</summary>
    internal ReadOnlySpan<int> Positions => _positions;

    /// <summary>
    /// An upper bound of ‖yᵢ‖ over the items of <paramref name="panel"/>, rounded up so that ‖xᵤ‖ times it bounds
    /// the computed float score too; +∞ when a norm is not finite, so such a panel is never skipped.
    /// </summary>
    internal float PanelNorm(int panel) => _panelNorms[panel];

    /// <summary>
    /// Relative slack of the norm bounds: a float dot product of length k is off by at most about k·2⁻²⁴ of
    /// ‖x‖‖y‖ (3.8·10⁻⁶ at k = 64), and the norms themselves are rounded; 10⁻⁴ covers k up to about 1,600 with room.
    /// </summary>
    internal const double NormSlack = 1e-4;

    /// <summary>
    /// Work items per thread for the parallel norm and packing loops: a few per thread, so a thread slowed by other work
    /// on the node does not hold the others up (each item is a contiguous range of items or panels).
    /// </summary>
    private const int ChunksPerThread = 4;

    /// <summary>Whether a newer scorer took this one's buffers (see the recycling constructor).</summary>
    internal bool Retired => Volatile.Read(ref _retired) != 0;

    /// <summary>
    /// The packing order (norms decreasing, ties by index, non-finite norms first) and each panel's largest norm.
    /// </summary>
    /// <remarks>
    /// ‖yᵢ‖ is the square root of ∑_d yᵢ[d]² summed in double, d in order (+∞ when the sum is not finite). A non-negative
    /// double's bits, read as an unsigned integer, order like its value, so the key ~bits(‖yᵢ‖) orders like −‖yᵢ‖. The items,
    /// taken in index order, are sorted by that key with a stable radix sort (<see cref="RadixSort"/>): equal norms keep
    /// the lower index first. No comparison delegate, and no generic sort that the JIT compiles slowly at first.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs once per scorer: optimised from the first call
    private void OrderByNorm(FactorMatrix itemFactors, ParallelOptions parallel, int chunks)
    {
        int items = itemFactors.Rows;
        ulong[] keys = _keys;
        int[] order = _order;
        Parallel.For(0, chunks, parallel, chunk =>
        {
            (int first, int end) = ChunkRange(items, chunks, chunk);
            NormKeys(itemFactors, first, end, keys, order);
        });
        RadixSort(keys, order, _keyScratch, _orderScratch);
        for (int position = 0; position < items; position++) _positions[order[position]] = position;
        for (int panel = 0; panel < Panels; panel++)
        {
            double largest = BitConverter.UInt64BitsToDouble(~keys[panel * PanelWidth]);   // the first of a panel is its largest
            _panelNorms[panel] = double.IsFinite(largest) ? (float)(largest * (1 + NormSlack)) : float.PositiveInfinity;
        }
    }

    /// <summary>keys[i] = ~bits(‖yᵢ‖) (‖yᵢ‖ = +∞ when not finite) and order[i] = i for items [<paramref name="first"/>, <paramref name="end"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs a few times per process: optimised from the first call
    private static void NormKeys(FactorMatrix itemFactors, int first, int end, ulong[] keys, int[] order)
    {
        for (int item = first; item < end; item++)
        {
            ReadOnlySpan<float> row = itemFactors.Row(item);
            double sum = 0;
            foreach (float value in row) sum += (double)value * value;
            double norm = double.IsFinite(sum) ? Math.Sqrt(sum) : double.PositiveInfinity;
            keys[item] = ~BitConverter.DoubleToUInt64Bits(norm);
            order[item] = item;
        }
    }

    /// <summary>Bits per radix-sort digit: 256 buckets, so a pass's counts stay in L1.</summary>
    private const int DigitBits = 8;

    /// <summary>
    /// Sorts <paramref name="keys"/> ascending with <paramref name="values"/> alongside, stably (equal keys keep their
    /// order), least significant digit first; a digit every key shares is skipped (the norms' sign and most exponent bits).
    /// The scratch arrays have the same lengths; the result is left in <paramref name="keys"/> and <paramref name="values"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs once per scorer: optimised from the first call
    internal static void RadixSort(ulong[] keys, int[] values, ulong[] keyScratch, int[] valueScratch)
    {
        const int buckets = 1 << DigitBits, digits = 64 / DigitBits;
        int count = keys.Length;
        var counts = new int[digits * buckets];
        foreach (ulong key in keys)
            for (int digit = 0; digit < digits; digit++) counts[digit * buckets + (int)((key >> (digit * DigitBits)) & (buckets - 1))]++;
        ulong[] sourceKeys = keys, targetKeys = keyScratch;
        int[] sourceValues = values, targetValues = valueScratch;
        for (int digit = 0; digit < digits; digit++)
        {
            Span<int> starts = counts.AsSpan(digit * buckets, buckets);
            if (count == 0 || starts[(int)((sourceKeys[0] >> (digit * DigitBits)) & (buckets - 1))] == count) continue;   // one bucket: nothing moves
            int sum = 0;
            for (int bucket = 0; bucket < buckets; bucket++) (starts[bucket], sum) = (sum, sum + starts[bucket]);
            for (int i = 0; i < count; i++)
            {
                ulong key = sourceKeys[i];
                int target = starts[(int)((key >> (digit * DigitBits)) & (buckets - 1))]++;
                targetKeys[target] = key;
                targetValues[target] = sourceValues[i];
            }
            (sourceKeys, targetKeys) = (targetKeys, sourceKeys);
            (sourceValues, targetValues) = (targetValues, sourceValues);
        }
        if (sourceKeys != keys)
        {
            sourceKeys.CopyTo(keys, 0);
            sourceValues.CopyTo(values, 0);
        }
    }

    /// <summary>
    /// Writes the panels: position p = 16·panel + lane holds item <see cref="Order"/>[p] at
    /// <c>panel·k·16 + d·16 + lane</c>; the lanes past the last item are zero.
    /// </summary>
    private void Pack(FactorMatrix itemFactors, ParallelOptions parallel, int chunks)
    {
        Parallel.For(0, chunks, parallel, chunk =>
        {
            (int firstPanel, int endPanel) = ChunkRange(Panels, chunks, chunk);
            PackPanels(itemFactors, _order, firstPanel, endPanel, _panels);
        });
    }

    /// <summary>
    /// Packs panels [<paramref name="firstPanel"/>, <paramref name="endPanel"/>) of <paramref name="panels"/>: a panel's
    /// 16 rows are first copied side by side into a small buffer (16 independent row reads, which the processor overlaps),
    /// then the panel is written in order from it (d outer, lane inner). Writing lane by lane instead touches k cache lines
    /// of the panel per row and waits on each: about three times slower on the 360K item factors.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // runs a few times per process: optimised from the first call
    private static void PackPanels(FactorMatrix itemFactors, int[] order, int firstPanel, int endPanel, float[] panels)
    {
        int items = itemFactors.Rows, k = itemFactors.Factors;
        var rows = new float[PanelWidth * k];                                 // the panel's rows, row-major: 4 KiB at k = 64
        for (int panel = firstPanel; panel < endPanel; panel++)
        {
            int firstPosition = panel * PanelWidth, lanes = Math.Min(PanelWidth, items - firstPosition);
            for (int lane = 0; lane < lanes; lane++) itemFactors.Row(order[firstPosition + lane]).CopyTo(rows.AsSpan(lane * k, k));
            if (lanes < PanelWidth) rows.AsSpan(lanes * k).Clear();           // past the last item: zero factors
            Span<float> target = panels.AsSpan(panel * k * PanelWidth, k * PanelWidth);
            for (int d = 0; d < k; d++)
                for (int lane = 0; lane < PanelWidth; lane++) target[d * PanelWidth + lane] = rows[lane * k + d];
        }
    }

    /// <summary>Chunk <paramref name="chunk"/> of <paramref name="chunks"/> near-equal contiguous ranges of [0, <paramref name="count"/>).</summary>
    private static (int First, int End) ChunkRange(int count, int chunks, int chunk) =>
        ((int)((long)count * chunk / chunks), (int)((long)count * (chunk + 1) / chunks));

    /// <summary>
    /// Scores packed positions [<paramref name="firstPanel"/>·16, …) for up to four users (position p is item
    /// <see cref="Order"/>[p]): <paramref name="scores"/> receives
    /// <paramref name="userCount"/> rows of <paramref name="panelCount"/>·16 scores each (row stride
    /// <paramref name="stride"/>). <paramref name="userRows"/> holds the users' factor rows, one after another.
    /// </summary>
    internal void Score(ReadOnlySpan<float> userRows, int userCount, int firstPanel, int panelCount, Span<float> scores, int stride)
    {
        int k = Factors;
        if (!Wide)
        {
            int firstPosition = firstPanel * PanelWidth;
            for (int u = 0; u < userCount; u++)
            {
                ReadOnlySpan<float> x = userRows.Slice(u * k, k);
                for (int i = 0; i < panelCount * PanelWidth; i++)
                {
                    int position = firstPosition + i;
                    scores[u * stride + i] = position < Items ? TensorPrimitives.Dot(x, ItemFactors.Row(_order[position])) : float.NaN;
                }
            }
            return;
        }
        if (userCount == UsersPerPass)
            ScoreFourUsers(userRows, firstPanel, panelCount, scores, stride);
        else
            for (int u = 0; u < userCount; u++) ScoreOneUser(userRows.Slice(u * k, k), firstPanel, panelCount, scores[(u * stride)..]);
    }

    /// <summary>
    /// Four users by two panels: eight accumulators. With AVX2 a 512-bit accumulator takes two of the sixteen registers,
    /// so eight would spill; there <see cref="ScoreFourUsersOnePanel"/> scores one panel at a time instead, with the same
    /// FMA chain per score.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private void ScoreFourUsers(ReadOnlySpan<float> userRows, int firstPanel, int panelCount, Span<float> scores, int stride)
    {
        if (!WideVectors.InOneRegister)
        {
            ScoreFourUsersOnePanel(userRows, firstPanel, panelCount, scores, stride);
            return;
        }
        int k = Factors;
        ref float panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref float x = ref MemoryMarshal.GetReference(userRows);
        ref float output = ref MemoryMarshal.GetReference(scores);
        nuint x1 = (nuint)k, x2 = 2 * (nuint)k, x3 = 3 * (nuint)k, panelSize = (nuint)(k * PanelWidth);
        int panel = 0;
        for (; panel + 1 < panelCount; panel += 2)
        {
            nuint p0 = (nuint)(firstPanel + panel) * panelSize, p1 = p0 + panelSize;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            for (nuint d = 0; d < (nuint)k; d++)
            {
                Vector512<float> left = Vector512.LoadUnsafe(ref panels, p0 + d * PanelWidth);
                Vector512<float> right = Vector512.LoadUnsafe(ref panels, p1 + d * PanelWidth);
                var u0 = Vector512.Create(Unsafe.Add(ref x, d));
                var u1 = Vector512.Create(Unsafe.Add(ref x, x1 + d));
                var u2 = Vector512.Create(Unsafe.Add(ref x, x2 + d));
                var u3 = Vector512.Create(Unsafe.Add(ref x, x3 + d));
                a0 = Vector512.FusedMultiplyAdd(left, u0, a0);
                a1 = Vector512.FusedMultiplyAdd(left, u1, a1);
                a2 = Vector512.FusedMultiplyAdd(left, u2, a2);
                a3 = Vector512.FusedMultiplyAdd(left, u3, a3);
                b0 = Vector512.FusedMultiplyAdd(right, u0, b0);
                b1 = Vector512.FusedMultiplyAdd(right, u1, b1);
                b2 = Vector512.FusedMultiplyAdd(right, u2, b2);
                b3 = Vector512.FusedMultiplyAdd(right, u3, b3);
            }
            nuint column = (nuint)(panel * PanelWidth), row = (nuint)stride;
            a0.StoreUnsafe(ref output, column);
            b0.StoreUnsafe(ref output, column + PanelWidth);
            a1.StoreUnsafe(ref output, row + column);
            b1.StoreUnsafe(ref output, row + column + PanelWidth);
            a2.StoreUnsafe(ref output, 2 * row + column);
            b2.StoreUnsafe(ref output, 2 * row + column + PanelWidth);
            a3.StoreUnsafe(ref output, 3 * row + column);
            b3.StoreUnsafe(ref output, 3 * row + column + PanelWidth);
        }
        if (panel < panelCount)
            for (int u = 0; u < UsersPerPass; u++)
                ScoreOneUser(userRows.Slice(u * k, k), firstPanel + panel, 1, scores[(u * stride + panel * PanelWidth)..]);
    }

    /// <summary><see cref="ScoreFourUsers"/> one panel at a time: four accumulators, each score the same FMA chain over d.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private void ScoreFourUsersOnePanel(ReadOnlySpan<float> userRows, int firstPanel, int panelCount, Span<float> scores, int stride)
    {
        int k = Factors;
        ref float panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref float x = ref MemoryMarshal.GetReference(userRows);
        ref float output = ref MemoryMarshal.GetReference(scores);
        nuint x1 = (nuint)k, x2 = 2 * (nuint)k, x3 = 3 * (nuint)k, panelSize = (nuint)(k * PanelWidth), row = (nuint)stride;
        for (int panel = 0; panel < panelCount; panel++)
        {
            nuint p = (nuint)(firstPanel + panel) * panelSize;
            Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
            for (nuint d = 0; d < (nuint)k; d++)
            {
                Vector512<float> values = Vector512.LoadUnsafe(ref panels, p + d * PanelWidth);
                a0 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, d)), a0);
                a1 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, x1 + d)), a1);
                a2 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, x2 + d)), a2);
                a3 = Vector512.FusedMultiplyAdd(values, Vector512.Create(Unsafe.Add(ref x, x3 + d)), a3);
            }
            nuint column = (nuint)(panel * PanelWidth);
            a0.StoreUnsafe(ref output, column);
            a1.StoreUnsafe(ref output, row + column);
            a2.StoreUnsafe(ref output, 2 * row + column);
            a3.StoreUnsafe(ref output, 3 * row + column);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private void ScoreOneUser(ReadOnlySpan<float> userRow, int firstPanel, int panelCount, Span<float> scores)
    {
        int k = Factors;
        ref float panels = ref MemoryMarshal.GetArrayDataReference(_panels);
        ref float x = ref MemoryMarshal.GetReference(userRow);
        ref float output = ref MemoryMarshal.GetReference(scores);
        nuint panelSize = (nuint)(k * PanelWidth);
        for (int panel = 0; panel < panelCount; panel++)
        {
            nuint p = (nuint)(firstPanel + panel) * panelSize;
            // One accumulator, d in order: the same rounding as the four-user kernel, so a user's scores do not
            // depend on which users it was batched with.
            Vector512<float> a = Vector512<float>.Zero;
            for (nuint d = 0; d < (nuint)k; d++)
                a = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref panels, p + d * PanelWidth), Vector512.Create(Unsafe.Add(ref x, d)), a);
            a.StoreUnsafe(ref output, (nuint)(panel * PanelWidth));
        }
    }
}
