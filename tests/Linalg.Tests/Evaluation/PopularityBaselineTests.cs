using Linalg.Evaluation;
using Linalg.Sparse;

namespace Linalg.Tests.Evaluation;

public sealed class PopularityBaselineTests
{
    [Fact]
    public void Ranks_by_listeners_then_index_and_skips_the_users_items()
    {
        // Listeners: item 0 → 1, item 1 → 3, item 2 → 2, item 3 → 3, item 4 → 0.
        var train = new CsrMatrix(4, 5, [0, 3, 5, 7, 9], [0, 1, 3, 1, 2, 2, 3, 1, 3], new float[9]);
        var baseline = new PopularityBaseline(train);
        Assert.Equal([1, 3, 2, 0, 4], baseline.Ranking.ToArray());

        var top = new int[3];
        Assert.Equal(3, baseline.Recommend([1, 2], top));
        Assert.Equal([3, 0, 4], top);
        var many = new int[4];
        Assert.Equal(2, baseline.Recommend([0, 1, 3], many));
        Assert.Equal([2, 4, -1, -1], many);
    }

    [Fact]
    public void Evaluation_uses_the_same_users_and_exclusions()
    {
        var train = new CsrMatrix(2, 4, [0, 1, 2], [0, 0], new float[2]);   // item 0 most popular, then 1, 2, 3
        var test = new CsrMatrix(2, 4, [0, 1, 2], [1, 3], new float[2]);
        RankingMetrics metrics = RankingEvaluator.EvaluatePopularity(train, test, [0, 1], cutoff: 1);
        Assert.Equal(2, metrics.Users);
        Assert.Equal(0.5, metrics.Precision, 12);                              // user 0 gets 1 (hit), user 1 gets 1 (miss)
        Assert.Equal(0.25, metrics.Coverage, 12);
    }
}
