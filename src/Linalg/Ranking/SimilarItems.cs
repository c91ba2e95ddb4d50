using System.Numerics.Tensors;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Ranking;

/// <summary>Items most similar to given items by cosine similarity of their factors: cos(yᵢ, yⱼ) = yᵢ·yⱼ / (‖yᵢ‖‖yⱼ‖).</summary>
/// <remarks>Rows are normalised once; the query item itself is excluded. An item whose factors are all zero has
/// no direction: its similarities are 0. Runs on the same batched kernel as <see cref="TopK"/>.</remarks>
public sealed class SimilarItems
{
    private readonly FactorMatrix _normalized;
    private readonly ItemScorer _scorer;
    private readonly CsrMatrix _self;

    /// <summary>Prepares normalised copies of <paramref name="itemFactors"/>.</summary>
    public SimilarItems(FactorMatrix itemFactors)
    {
        ArgumentNullException.ThrowIfNull(itemFactors);
        _normalized = itemFactors.Clone();
        for (int item = 0; item < _normalized.Rows; item++)
        {
            Span<float> row = _normalized.Row(item);
            float norm = TensorPrimitives.Norm(row);
            if (norm > 0) TensorPrimitives.Divide(row, norm, row);
        }
        _scorer = new ItemScorer(_normalized);
        int items = itemFactors.Rows;
        var pointers = new int[items + 1];
        var columns = new int[items];
        for (int item = 0; item < items; item++)
        {
            pointers[item + 1] = item + 1;
            columns[item] = item;
        }
        _self = new CsrMatrix(items, items, pointers, columns, new float[items]);
    }

    /// <summary>The <paramref name="count"/> items most similar to each of <paramref name="queries"/>, best first, with their cosine.</summary>
    public TopKResult Find(ReadOnlySpan<int> queries, int count, int threads) =>
        TopK.Recommend(_normalized, queries, _scorer, _self, count, threads);
}
