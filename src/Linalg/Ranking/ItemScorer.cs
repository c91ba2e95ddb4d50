using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;

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
/// four users). Items past the last full panel are padded with zero factors and never reported.
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

    /// <summary>Packs <paramref name="itemFactors"/> (kept by reference for the portable path).</summary>
    public ItemScorer(FactorMatrix itemFactors)
        : this(itemFactors, portable: false)
    {
    }

    internal ItemScorer(FactorMatrix itemFactors, bool portable)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        Factors = itemFactors.Factors;
        ItemFactors = itemFactors;
        Wide = !portable && Vector512.IsHardwareAccelerated;
        Panels = (itemFactors.Rows + PanelWidth - 1) / PanelWidth;
        (_order, _positions, _panelNorms) = OrderByNorm(itemFactors, Panels);
        _panels = Wide ? new float[(long)Panels * Factors * PanelWidth] : [];
        if (!Wide) return;
        int k = Factors;
        for (int position = 0; position < itemFactors.Rows; position++)
        {
            int panel = position / PanelWidth, lane = position % PanelWidth;
            ReadOnlySpan<float> row = itemFactors.Row(_order[position]);
            int basis = panel * k * PanelWidth + lane;
            for (int d = 0; d < k; d++) _panels[basis + d * PanelWidth] = row[d];
        }
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

    /// <summary>The packing order (norms decreasing, ties by index, non-finite norms first) and each panel's largest norm.</summary>
    private static (int[] Order, int[] Positions, float[] PanelNorms) OrderByNorm(FactorMatrix itemFactors, int panels)
    {
        int items = itemFactors.Rows;
        var norms = new double[items];
        var order = new int[items];
        for (int item = 0; item < items; item++)
        {
            ReadOnlySpan<float> row = itemFactors.Row(item);
            double sum = 0;
            foreach (float value in row) sum += (double)value * value;
            norms[item] = double.IsFinite(sum) ? Math.Sqrt(sum) : double.PositiveInfinity;
            order[item] = item;
        }
        Array.Sort(order, (a, b) => norms[a] != norms[b] ? norms[b].CompareTo(norms[a]) : a.CompareTo(b));
        var positions = new int[items];
        for (int position = 0; position < items; position++) positions[order[position]] = position;
        var panelNorms = new float[panels];
        for (int panel = 0; panel < panels; panel++)
        {
            double largest = norms[order[panel * PanelWidth]];                // the first of a panel is its largest
            panelNorms[panel] = double.IsFinite(largest) ? (float)(largest * (1 + NormSlack)) : float.PositiveInfinity;
        }
        return (order, positions, panelNorms);
    }

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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private void ScoreFourUsers(ReadOnlySpan<float> userRows, int firstPanel, int panelCount, Span<float> scores, int stride)
    {
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
