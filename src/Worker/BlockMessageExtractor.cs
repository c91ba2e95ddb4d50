using System.Globalization;
using Akka.Cluster.Sharding;

namespace Worker;

/// <summary>
/// Routes block commands to their entity (<see cref="BlockEntity"/>) and puts block b of both sides in shard b (modulo
/// <see cref="ShardCount"/>): shards are handed out one by one to the region holding the fewest, so a half-step's blocks,
/// first sent in block order, spread evenly over the worker nodes (hashing entity ids would leave some nodes with a few
/// more blocks than others, and the barrier waits for the busiest node).
/// </summary>
public sealed class BlockMessageExtractor : HashCodeMessageExtractor
{
    /// <summary>
    /// Shards of the block region: more than the blocks of a side in any dataset we plan (a shard then holds one block of
    /// each side); fixed, because every node must compute the same shard for an entity.
    /// </summary>
    public const int ShardCount = 1024;

    /// <summary>The extractor.</summary>
    public BlockMessageExtractor() : base(ShardCount)
    {
    }

    /// <inheritdoc/>
    public override string? EntityId(object message) => message is Messages.SolveBlock or Messages.EvaluateBlock ? BlockEntity.Of(message).EntityId : null;

    /// <inheritdoc/>
    public override string ShardId(string entityId, object? messageHint = null) =>
        (BlockEntity.Parse(entityId).BlockId % ShardCount).ToString(CultureInfo.InvariantCulture);
}
