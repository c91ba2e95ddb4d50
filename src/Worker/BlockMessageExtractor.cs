using Akka.Cluster.Sharding;

namespace Worker;

/// <summary>Routes block commands to their entity (<see cref="BlockEntity"/>) and spreads entities over a fixed number of shards.</summary>
public sealed class BlockMessageExtractor : HashCodeMessageExtractor
{
    /// <summary>
    /// Shards of the block region: about ten times the worker nodes we expect at most, so the shards (the unit that moves
    /// when a node joins or leaves) spread evenly; fixed, because every node must compute the same shard for an entity.
    /// </summary>
    public const int ShardCount = 64;

    /// <summary>The extractor.</summary>
    public BlockMessageExtractor() : base(ShardCount)
    {
    }

    /// <inheritdoc/>
    public override string? EntityId(object message) => message is Messages.SolveBlock or Messages.EvaluateBlock ? BlockEntity.Of(message).EntityId : null;
}
