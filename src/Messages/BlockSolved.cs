namespace Messages;

/// <summary>Event: a block's new rows are in the store.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Attempt">The attempt of the command answered.</param>
/// <param name="Iteration">The iteration.</param>
/// <param name="Side">The side solved.</param>
/// <param name="BlockId">The block.</param>
/// <param name="PartialGram">FᵀF of the block's new rows, its upper triangle packed by <see cref="GramPayload"/>: the coordinator sums these in block order.</param>
/// <param name="BlockCrc32">CRC-32 of the written block file's content.</param>
/// <param name="LossCorrection">Item blocks: ∑ over the block's observed entries of c(1 − s)² − s² with the new rows (0 for user blocks).</param>
/// <param name="ConfidenceSum">Item blocks: ∑ of their confidences (0 for user blocks).</param>
/// <param name="Entries">Item blocks: observed entries (0 for user blocks).</param>
/// <param name="Worker">Who solved it (host and process).</param>
/// <param name="Seconds">Time spent, loading included.</param>
public sealed record BlockSolved(Guid RunId, int Attempt, int Iteration, BlockSide Side, int BlockId, byte[] PartialGram, string BlockCrc32,
    double LossCorrection, double ConfidenceSum, long Entries, string Worker, double Seconds) : IAlsMessage;
