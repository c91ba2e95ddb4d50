using Data.Datasets;
using FsCheck;
using FsCheck.Fluent;

namespace Data.Tests.Datasets;

public sealed class BlockPartitionTests
{
    [Fact]
    public void Blocks_are_contiguous_non_empty_cover_every_row_and_are_balanced()
    {
        var cases = from rows in Gen.Choose(1, 300) from blocks in Gen.Choose(1, 40) from entries in Gen.ArrayOf(Gen.Choose(0, 100), rows)
                    from rowCost in Gen.Elements(0, 1, 32) select (blocks, entries, rowCost);
        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            (int blocks, int[] entries, int rowCost) = testCase;
            int[] bounds = BlockPartition.Boundaries(entries, blocks, rowCost);
            int count = bounds.Length - 1;
            long Cost(int[] rows) => rows.Sum(e => (long)e + rowCost);
            long total = Cost(entries);
            bool balanced = Enumerable.Range(0, count).All(b =>
                Cost(entries[bounds[b]..bounds[b + 1]]) <= total / count + 2L * (entries.Max() + rowCost) + 1);
            return bounds[0] == 0 && bounds[^1] == entries.Length && count == Math.Min(blocks, entries.Length)
                && Enumerable.Range(0, count).All(b => bounds[b + 1] > bounds[b]) && balanced;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_documented_example()
    {
        Assert.Equal([0, 3, 6], BlockPartition.Boundaries([10, 1, 1, 1, 1, 10], 2));
        Assert.Equal(14, BlockPartition.DefaultBlocks(14_000_000, 358_868));
        Assert.Equal(1, BlockPartition.DefaultBlocks(75_000, 2_000));
    }

    [Fact]
    public void A_row_cost_moves_the_boundary_towards_the_block_of_many_short_rows()
    {
        // Two long rows, then twelve short ones: by entries alone (104) the long rows make block 0; with a cost of 10 per
        // row (100 + 144 in all), block 0 takes the long rows and two short ones (124), block 1 the other ten (120).
        int[] entries = [40, 40, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
        Assert.Equal([0, 2, 14], BlockPartition.Boundaries(entries, 2));
        Assert.Equal([0, 4, 14], BlockPartition.Boundaries(entries, 2, rowCost: 10));
    }

    [Theory]
    [InlineData(14_000_076L, 159_905, 16)]      // the 360k dataset's item side: 15 blocks of 1M entries, made even
    [InlineData(17_500_300L, 358_868, 18)]      // its user side
    [InlineData(2_500_000L, 10_000, 4)]
    [InlineData(2_000_001L, 3, 3)]              // 3 made even is 4, but never more blocks than rows
    [InlineData(10L, 1, 1)]
    public void The_default_block_count_is_even_above_one(long entries, int rows, int expected) =>
        Assert.Equal(expected, BlockPartition.DefaultBlocks(entries, rows));
}
