namespace Messages;

/// <summary>
/// Command: solve one factor block for one half-step. Competing workers consume it; any worker can solve any
/// block. The worker reads the fixed side of the previous half-step and this block's rows from the store, and
/// answers with <see cref="BlockSolved"/> once the new rows are durably written.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">Coordinator epoch: a worker drops commands of an older attempt than the store's.</param>
/// <param name="Iteration">1-based ALS iteration.</param>
/// <param name="Side">Which factors to solve (the other side is fixed).</param>
/// <param name="BlockId">The block.</param>
public sealed record SolveBlock(Guid RunId, int Attempt, int Iteration, BlockSide Side, int BlockId);
