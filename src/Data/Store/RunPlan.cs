using Linalg.Als;
using Linalg.Training;

namespace Data.Store;

/// <summary>
/// What a training run is, written by the coordinator to <c>runs/RUN/run.json</c> before any work is sent: workers
/// read it to learn the dataset, parameters and blocks, so messages carry only ids.
/// </summary>
/// <param name="RunId">The run.</param>
/// <param name="Dataset">The prepared dataset's folder (a path every worker can read). In <c>run.json</c>, relative to the plan's folder when it lies inside the run folder.</param>
/// <param name="RunFolder">Where metrics, baseline and the model go. In <c>run.json</c>, relative to the plan's folder when the store lies inside it; <see cref="FactorStore.ReadPlan"/> resolves both to full paths.</param>
/// <param name="Options">ALS parameters (workers use their own thread count).</param>
/// <param name="Users">Rows of X.</param>
/// <param name="Items">Rows of Y.</param>
/// <param name="UserBlocks">User blocks, in order.</param>
/// <param name="ItemBlocks">Item blocks, in order.</param>
/// <param name="Cutoff">K of the ranking metrics.</param>
/// <param name="EvalUsers">The seeded sample of test users evaluated after every iteration (ascending).</param>
/// <param name="KeepCheckpoints">Checkpoints kept on disk (older iterations' factors are deleted).</param>
/// <param name="CreatedUtc">When the run was planned.</param>
/// <param name="DatasetManifestCrc32">CRC-32 of the dataset's manifest when the run was planned (filled in by
/// <see cref="FactorStore.WritePlan"/>), so a resume can refuse a dataset that was prepared again since; null in older plans.</param>
/// <param name="Validation">The validation set carved out of the training rows (null: none; every training row is trained on).</param>
public sealed record RunPlan(Guid RunId, string Dataset, string RunFolder, AlsOptions Options, int Users, int Items,
    IReadOnlyList<BlockRange> UserBlocks, IReadOnlyList<BlockRange> ItemBlocks, int Cutoff, int[] EvalUsers, int KeepCheckpoints, DateTime CreatedUtc,
    string? DatasetManifestCrc32 = null, ValidationPlan? Validation = null)
{
    /// <summary>The blocks of <paramref name="side"/>: <see cref="UserBlocks"/> or <see cref="ItemBlocks"/>.</summary>
    public IReadOnlyList<BlockRange> Blocks(FactorSide side) => side == FactorSide.Users ? UserBlocks : ItemBlocks;
}
