using Data.Runs;

namespace Data.Store;

/// <summary>
/// A completed iteration: both half-steps committed and the iteration evaluated. Resume starts from the newest
/// checkpoint whose factor files are all present and pass their checksums.
/// </summary>
/// <param name="Iteration">The iteration (0: the initial factors, before any training).</param>
/// <param name="Metrics">The iteration's row of metrics.jsonl (null for iteration 0).</param>
/// <param name="LossTotal">The full (unnormalised) loss, when computed.</param>
/// <param name="CheckpointedUtc">When.</param>
public sealed record Checkpoint(int Iteration, IterationMetrics? Metrics, double? LossTotal, DateTime CheckpointedUtc);
