using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Sparse;

namespace Linalg.Ranking;

/// <summary>A factor model (score xᵤ·yᵢ) as an <see cref="ITopKRecommender"/>: <see cref="TopK.Recommend"/> with the training items excluded.</summary>
public sealed class FactorRecommender : ITopKRecommender
{
    private readonly FactorMatrix _userFactors;
    private readonly ItemScorer _items;

    /// <summary>Packs <paramref name="itemFactors"/> once for all later calls.</summary>
    public FactorRecommender(FactorMatrix userFactors, FactorMatrix itemFactors)
        : this(userFactors, new ItemScorer(itemFactors ?? throw new ArgumentNullException(nameof(itemFactors))))
    {
    }

    /// <summary>Uses already packed item factors.</summary>
    public FactorRecommender(FactorMatrix userFactors, ItemScorer items)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(items);
        _userFactors = userFactors;
        _items = items;
    }

    /// <inheritdoc/>
    public TopKResult Recommend(ReadOnlySpan<int> users, CsrMatrix train, int count, int threads) =>
        TopK.Recommend(_userFactors, users, _items, train, count, threads);
}
