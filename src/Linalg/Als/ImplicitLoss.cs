using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;
using Linalg.Kernels;
using Linalg.Sparse;

namespace Linalg.Als;

/// <summary>
/// The full implicit-feedback loss over all user–item pairs, observed and not (Hu, Koren, Volinsky 2008, eq. 3),
/// computed without visiting the |U|·|I| pairs.
/// </summary>
/// <remarks>
/// <para>Split the sum into "every pair as if unobserved" (c = 1, p = 0) plus a correction on observed pairs:</para>
/// <code>
///   L = ∑ᵤ xᵤᵀ(YᵀY)xᵤ + ∑_{observed} [cᵤᵢ(1 − sᵤᵢ)² − sᵤᵢ²] + λ(‖X‖² + ‖Y‖²),   sᵤᵢ = xᵤ·yᵢ
/// </code>
/// <para>and ∑ᵤ xᵤᵀ(YᵀY)xᵤ = tr(YᵀY·XᵀX) = ⟨XᵀX, YᵀY⟩ (Frobenius), ‖X‖² = tr(XᵀX). With both Gram matrices at hand
/// (ALS computes them anyway) the loss costs one pass over the observed entries, O(nnz·k), plus O(k²); computing
/// the Gram matrices costs O((|U| + |I|)·k²).</para>
/// </remarks>
public static class ImplicitLoss
{
    /// <summary>Rows per partial sum: fixed, so sums are independent of the thread count.</summary>
    private const int RowsPerChunk = 1024;

    /// <summary>The full loss of (X, Y) on <paramref name="userItems"/> (users × items, values = plays).</summary>
    public static LossValue Compute(CsrMatrix userItems, FactorMatrix userFactors, FactorMatrix itemFactors, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ObservedLossTerms observed = Observed(userItems, userFactors, itemFactors, options);
        return Combine(observed, GramMatrix.Compute(userFactors, options.Threads), GramMatrix.Compute(itemFactors, options.Threads),
            userFactors.Rows, itemFactors.Rows, options.Regularization);
    }

    /// <summary>
    /// The observed-entry terms for the rows of <paramref name="block"/>, whose factors are
    /// <paramref name="rowFactors"/> (one per block row) against the full <paramref name="columnFactors"/>.
    /// </summary>
    /// <exception cref="ArgumentException">Shapes disagree.</exception>
    public static ObservedLossTerms Observed(CsrMatrix block, FactorMatrix rowFactors, FactorMatrix columnFactors, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(rowFactors);
        ArgumentNullException.ThrowIfNull(columnFactors);
        ArgumentNullException.ThrowIfNull(options);
        int k = columnFactors.Factors;
        if (rowFactors.Factors != k || rowFactors.Rows != block.Rows || block.Columns != columnFactors.Rows)
            throw new ArgumentException(
                $"Shapes disagree: block {block.Rows} × {block.Columns}, row factors {rowFactors.Rows} × {rowFactors.Factors}, " +
                $"column factors {columnFactors.Rows} × {k}.");
        if (block.ColumnRange() is (int smallest, int largest) && (smallest < 0 || largest >= columnFactors.Rows))
            throw new ArgumentException($"A column index of the block lies outside the {columnFactors.Rows} column factors.", nameof(block));

        bool wide = !options.PortableKernels && FactorKernels.UseWide(k);
        int chunks = (block.Rows + RowsPerChunk - 1) / RowsPerChunk;
        var partials = new ObservedLossTerms[chunks];
        int longest = 0;
        for (int row = 0; row < block.Rows; row++) longest = Math.Max(longest, block.RowLength(row));
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads },
            () => (Confidence: new float[longest], Scores: new float[longest]),
            (chunk, _, scratch) =>
            {
                double correction = 0, confidenceSum = 0;
                int end = Math.Min(block.Rows, (chunk + 1) * RowsPerChunk);
                for (int row = chunk * RowsPerChunk; row < end; row++)
                {
                    ReadOnlySpan<int> rowColumns = block.RowColumns(row);
                    Span<float> confidence = scratch.Confidence.AsSpan(0, rowColumns.Length);
                    Span<float> scores = scratch.Scores.AsSpan(0, rowColumns.Length);
                    Confidence.ComputeRow(block, row, options, confidence);
                    FactorKernels.GatherWeights<DotWeight>(columnFactors.Values, k, rowColumns, rowFactors.Row(row),
                        [], [], scores, wide);
                    (double rowCorrection, double rowConfidenceSum) = RowTerms(confidence, scores);
                    correction += rowCorrection;
                    confidenceSum += rowConfidenceSum;
                }
                partials[chunk] = new ObservedLossTerms(correction, confidenceSum, block.RowPointers[end] - block.RowPointers[chunk * RowsPerChunk]);
                return scratch;
            },
            _ => { });
        var total = default(ObservedLossTerms);
        foreach (ObservedLossTerms partial in partials) total = total.Add(partial);   // chunk order: deterministic
        return total;
    }

    /// <summary>Lanes of the loss terms' sums: entry j goes to lane j mod 8 (of its first multiple-of-16 part), so the vector and scalar paths add in one order.</summary>
    private const int LossLanes = 8;

    /// <summary>
    /// A row's share of the observed terms, ∑ c(1 − s)² − s² and ∑ c over its entries (confidence c, score s = x·f), in
    /// double: the one place they are summed, for <see cref="Observed"/> and for the item half-step. Entries up to the last
    /// multiple of 16 are summed in eight lanes (j mod 8), which the scalar path adds in the same order, so the
    /// loss is the same number on every machine; the rest one by one.
    /// </summary>
    internal static (double Correction, double ConfidenceSum) RowTerms(ReadOnlySpan<float> confidence, ReadOnlySpan<float> scores) =>
        RowTerms(confidence, scores, WideVectors.IsAccelerated);

    /// <summary><see cref="RowTerms(ReadOnlySpan{float}, ReadOnlySpan{float})"/> on the vector path or the scalar one (tests compare the two).</summary>
    internal static (double Correction, double ConfidenceSum) RowTerms(ReadOnlySpan<float> confidence, ReadOnlySpan<float> scores, bool vectorized)
    {
        int count = confidence.Length, vectorEnd = count - count % (2 * LossLanes);
        if (scores.Length != count) throw new ArgumentException($"{count} confidences but {scores.Length} scores.", nameof(scores));
        Span<double> correctionLanes = stackalloc double[LossLanes], confidenceLanes = stackalloc double[LossLanes];
        if (vectorized && WideVectors.IsAccelerated)
        {
            Vector512<double> correctionSum = Vector512<double>.Zero, confidenceSum = Vector512<double>.Zero, one = Vector512<double>.One;
            ref float c0 = ref MemoryMarshal.GetReference(confidence), s0 = ref MemoryMarshal.GetReference(scores);
            for (int j = 0; j < vectorEnd; j += 2 * LossLanes)
            {
                (Vector512<double> cLow, Vector512<double> cHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref c0, (nuint)j));
                (Vector512<double> sLow, Vector512<double> sHigh) = Vector512.Widen(Vector512.LoadUnsafe(ref s0, (nuint)j));
                Vector512<double> missLow = one - sLow, missHigh = one - sHigh;
                correctionSum += cLow * missLow * missLow - sLow * sLow;
                correctionSum += cHigh * missHigh * missHigh - sHigh * sHigh;
                confidenceSum += cLow;
                confidenceSum += cHigh;
            }
            correctionSum.CopyTo(correctionLanes);
            confidenceSum.CopyTo(confidenceLanes);
        }
        else
        {
            correctionLanes.Clear();
            confidenceLanes.Clear();
            for (int j = 0; j < vectorEnd; j++)
            {
                correctionLanes[j % LossLanes] += Correction(confidence[j], scores[j]);
                confidenceLanes[j % LossLanes] += confidence[j];
            }
        }
        double correction = 0, total = 0;
        for (int lane = 0; lane < LossLanes; lane++)
        {
            correction += correctionLanes[lane];
            total += confidenceLanes[lane];
        }
        for (int j = vectorEnd; j < count; j++)
        {
            correction += Correction(confidence[j], scores[j]);
            total += confidence[j];
        }
        return (correction, total);
    }

    /// <summary>One entry's c(1 − s)² − s², in double, in the order of operations of the vector path.</summary>
    private static double Correction(double c, double s)
    {
        double miss = 1 - s;
        return c * miss * miss - s * s;
    }

    /// <summary>
    /// Completes the loss from the observed terms and the Gram matrices XᵀX (<paramref name="userGram"/>) and
    /// YᵀY (<paramref name="itemGram"/>) of the same factors.
    /// </summary>
    /// <exception cref="ArgumentException">The Gram matrices differ in size or are not square.</exception>
    public static LossValue Combine(ObservedLossTerms observed, ReadOnlySpan<double> userGram, ReadOnlySpan<double> itemGram,
        long users, long items, double lambda)
    {
        if (userGram.Length != itemGram.Length)
            throw new ArgumentException($"Gram matrices differ in size: {userGram.Length} and {itemGram.Length} entries.");
        int k = (int)Math.Sqrt(userGram.Length);
        if (k * k != userGram.Length)
            throw new ArgumentException($"A Gram matrix has {userGram.Length} entries, not a square number.");
        double unobserved = TensorPrimitives.Dot(userGram, itemGram);   // ⟨XᵀX, YᵀY⟩ = ∑ᵤ xᵤᵀ(YᵀY)xᵤ
        double norms = 0;
        for (int d = 0; d < k; d++) norms += userGram[d * k + d] + itemGram[d * k + d];
        double total = unobserved + observed.Correction + lambda * norms;
        double weight = observed.ConfidenceSum + ((double)users * items - observed.Entries);
        return new LossValue(total, weight > 0 ? total / weight : 0);
    }
}
