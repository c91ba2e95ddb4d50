using Messages;

namespace Worker.Tests;

/// <summary>Where block commands go: one entity per side and block, shard = block number, so a half-step's blocks spread over the regions.</summary>
public sealed class BlockMessageExtractorTests
{
    private readonly BlockMessageExtractor _extractor = new();

    /// <summary>The shard the region computes for a command: from its entity id.</summary>
    private string Shard(object command) => _extractor.ShardId(_extractor.EntityId(command)!, command);

    [Fact]
    public void Block_b_of_either_side_and_its_evaluation_share_shard_b_in_distinct_entities()
    {
        Guid run = Guid.NewGuid();
        var users = new SolveBlock(run, 1, 2, BlockSide.Users, 7);
        var items = new SolveBlock(run, 1, 2, BlockSide.Items, 7);
        var evaluation = new EvaluateBlock(run, 1, 2, 7);
        Assert.Equal(["7", "7", "7"], new object[] { users, items, evaluation }.Select(Shard));
        Assert.Equal("users-7", _extractor.EntityId(users));
        Assert.Equal("items-7", _extractor.EntityId(items));
        Assert.Equal("users-7", _extractor.EntityId(evaluation));
    }

    [Fact]
    public void The_blocks_of_a_half_step_each_get_their_own_shard()
    {
        Guid run = Guid.NewGuid();
        string[] shards = [.. Enumerable.Range(0, 40).Select(block => Shard(new SolveBlock(run, 1, 1, BlockSide.Users, block)))];
        Assert.Equal(40, shards.Distinct().Count());
        Assert.Equal("3", Shard(new SolveBlock(run, 1, 1, BlockSide.Users, BlockMessageExtractor.ShardCount + 3)));   // wraps, never out of range
    }

    [Fact]
    public void Other_messages_name_no_entity()
    {
        Assert.Null(_extractor.EntityId("hello"));
    }
}
