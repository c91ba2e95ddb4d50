namespace Messages;

/// <summary>
/// Command: solve one factor block for one half-step, sent through the shard region to the block's entity. The entity
/// reads the fixed side from the store (once per node and half-step), solves with the rating rows it keeps, writes the
/// block and answers <see cref="BlockSolved"/> (or <see cref="BlockFailed"/>). Delivery is at most once: the coordinator
/// re-sends, and an entity answers a repeated command again without solving it twice.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">Coordinator epoch: an entity drops commands of an older attempt than the store's.</param>
/// <param name="Iteration">1-based ALS iteration.</param>
/// <param name="Side">Which factors to solve (the other side is fixed).</param>
/// <param name="BlockId">The block.</param>
public sealed record SolveBlock(Guid RunId, int Attempt, int Iteration, BlockSide Side, int BlockId) : IAlsMessage;
