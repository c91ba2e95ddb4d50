using Linalg.Evaluation;

namespace Linalg.Tests.Evaluation;

/// <summary>Metrics against values computed by hand from the definitions.</summary>
public sealed class MetricsAccumulatorTests
{
    [Fact]
    public void One_user_with_hits_at_positions_one_and_three()
    {
        // K = 5, recommended [10, 11, 12, 13, 14], test {10, 12, 99}: hits at positions 1 and 3.
        var metrics = new MetricsAccumulator(cutoff: 5, items: 100);
        metrics.Add([10, 11, 12, 13, 14], [10, 12, 99]);
        RankingMetrics result = metrics.Result();

        double dcg = 1 / Math.Log2(2) + 1 / Math.Log2(4);                       // 1 + 0.5
        double idcg = 1 / Math.Log2(2) + 1 / Math.Log2(3) + 1 / Math.Log2(4);   // min(3, 5) = 3 ideal hits
        Assert.Equal(1, result.Users);
        Assert.Equal(2.0 / 5, result.Precision, 12);
        Assert.Equal(2.0 / 3, result.Recall, 12);
        Assert.Equal(dcg / idcg, result.Ndcg, 12);
        Assert.Equal((1.0 / 1 + 2.0 / 3) / 3, result.Map, 12);                  // (P@1 + P@3) / min(3, 5)
        Assert.Equal(1.0, result.HitRate);
        Assert.Equal(5.0 / 100, result.Coverage, 12);
    }

    [Fact]
    public void Means_over_users_with_padding_and_a_miss()
    {
        var metrics = new MetricsAccumulator(cutoff: 2, items: 10);
        metrics.Add([3, -1], [3]);          // hit at 1 of 1 test item; one empty slot
        metrics.Add([4, 5], [0, 1, 2]);     // no hit
        metrics.Add([1, 2], []);            // no test items: not counted
        RankingMetrics result = metrics.Result();

        Assert.Equal(2, result.Users);
        Assert.Equal((0.5 + 0) / 2, result.Precision, 12);
        Assert.Equal((1.0 + 0) / 2, result.Recall, 12);
        Assert.Equal((1.0 + 0) / 2, result.Ndcg, 12);       // ideal DCG over min(1, 2) = 1 position
        Assert.Equal((1.0 + 0) / 2, result.Map, 12);
        Assert.Equal(0.5, result.HitRate, 12);
        Assert.Equal(3.0 / 10, result.Coverage, 12);        // {3, 4, 5}; the uncounted user's list is not added
    }

    [Fact]
    public void Merging_blocks_equals_adding_every_user_to_one()
    {
        var whole = new MetricsAccumulator(3, 20);
        var first = new MetricsAccumulator(3, 20);
        var second = new MetricsAccumulator(3, 20);
        int[][] lists = [[1, 2, 3], [4, 5, 6], [7, 1, 9], [2, 2, 0]];
        int[][] tests = [[2], [5, 6, 7], [8], [0, 2]];
        for (int u = 0; u < 4; u++)
        {
            whole.Add(lists[u], tests[u]);
            (u < 2 ? first : second).Add(lists[u], tests[u]);
        }
        first.Merge(second);
        Assert.Equal(whole.Result(), first.Result());
    }
}

public sealed class MetricsStateTests
{
    [Fact]
    public void State_carries_everything_a_merge_needs()
    {
        var source = new MetricsAccumulator(3, 21);
        source.Add([20, 1, 9], [9]);
        source.Add([0, 5, 2], [3, 4]);
        var target = new MetricsAccumulator(3, 21);
        target.Merge(source.ToState());
        Assert.Equal(source.Result(), target.Result());
        Assert.Equal(6.0 / 21, target.Result().Coverage, 12);
        Assert.Throws<ArgumentException>(() => new MetricsAccumulator(3, 22).Merge(source.ToState()));
    }

    /// <summary>
    /// Coverage through states merged in any grouping against the set of recommended items (the oracle), at catalogue
    /// sizes around byte boundaries; ids outside the catalogue and empty slots count for nothing.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(63)]
    [InlineData(1000)]
    public void Coverage_through_merged_states_is_the_share_of_distinct_recommended_items(int items)
    {
        var random = new Random(items);
        var total = new MetricsAccumulator(4, items);
        var seen = new HashSet<int>();
        for (int part = 0; part < 5; part++)
        {
            var partial = new MetricsAccumulator(4, items);
            for (int user = 0; user < 6; user++)
            {
                int[] list = [.. Enumerable.Range(0, 4).Select(_ => random.Next(-1, items + 2))];
                partial.Add(list, [0]);
                seen.UnionWith(list.Where(item => item >= 0 && item < items));
            }
            total.Merge(partial.ToState());
        }
        Assert.Equal((double)seen.Count / items, total.Result().Coverage, 12);
    }

    [Fact]
    public void Bits_past_the_catalogue_in_a_received_state_are_ignored()
    {
        var source = new MetricsAccumulator(3, 10);
        source.Add([2, -1, 9], [2]);
        MetricsState state = source.ToState();
        state.Covered[^1] |= 0b1111_1100;                                 // items 10–15 do not exist
        var target = new MetricsAccumulator(3, 10);
        target.Merge(state);
        Assert.Equal(2.0 / 10, target.Result().Coverage, 12);
    }
}
