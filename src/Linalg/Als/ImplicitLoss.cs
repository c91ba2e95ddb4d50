using System.Numerics.Tensors;
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
        ReadOnlySpan<int> columns = block.ColumnIndices.AsSpan(0, block.NonZeros);
        if (columns.Length > 0 && (TensorPrimitives.Min(columns) < 0 || TensorPrimitives.Max(columns) >= columnFactors.Rows))
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
                    for (int j = 0; j < scores.Length; j++)
                    {
                        double c = confidence[j], s = scores[j], miss = 1 - s;
                        correction += c * miss * miss - s * s;
                        confidenceSum += c;
                    }
                }
                partials[chunk] = new ObservedLossTerms(correction, confidenceSum, block.RowPointers[end] - block.RowPointers[chunk * RowsPerChunk]);
                return scratch;
            },
            _ => { });
        var total = default(ObservedLossTerms);
        foreach (ObservedLossTerms partial in partials) total = total.Add(partial);   // chunk order: deterministic
        return total;
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
