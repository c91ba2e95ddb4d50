using Data.Datasets;
using FsCheck;
using FsCheck.Fluent;

namespace Data.Tests.Datasets;

public sealed class BlockPartitionTests
{
    [Fact]
    public void Blocks_are_contiguous_non_empty_cover_every_row_and_are_balanced()
    {
        var cases = from rows in Gen.Choose(1, 300) from blocks in Gen.Choose(1, 40) from entries in Gen.ArrayOf(Gen.Choose(0, 100), rows) select (blocks, entries);
        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            (int blocks, int[] entries) = testCase;
            int[] bounds = BlockPartition.Boundaries(entries, blocks);
            int count = bounds.Length - 1;
            long total = entries.Sum(e => (long)e);
            bool balanced = Enumerable.Range(0, count).All(b =>
                entries[bounds[b]..bounds[b + 1]].Sum(e => (long)e) <= total / count + 2L * entries.Max() + 1);
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
}
