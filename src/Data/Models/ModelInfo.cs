using Linalg.Als;

namespace Data.Models;

/// <summary><c>model/model.json</c>: what a saved model is and how it was trained.</summary>
/// <param name="FormatVersion">Model folder version.</param>
/// <param name="CreatedUtc">When it was saved.</param>
/// <param name="Parameters">The training parameters (factors, λ, α, confidence, solver, …).</param>
/// <param name="Users">Rows of the user factors.</param>
/// <param name="Items">Rows of the item factors.</param>
/// <param name="Iterations">ALS iterations completed.</param>
/// <param name="Dataset">The prepared dataset's folder. In model.json, relative to the run folder (older models: absolute);
/// <see cref="ModelStore.Load"/> resolves it to a full path.</param>
/// <param name="DatasetManifestCrc32">CRC-32 of that dataset's manifest, to tell whether it changed since.</param>
/// <param name="UserFactorsCrc32">CRC-32 of user_factors.arrow, checked when the model is loaded.</param>
/// <param name="ItemFactorsCrc32">CRC-32 of item_factors.arrow, checked when the model is loaded.</param>
/// <param name="Selection">Which iteration of the run the factors are and why (null in models saved before it was recorded).</param>
public sealed record ModelInfo(int FormatVersion, DateTime CreatedUtc, AlsOptions Parameters, int Users, int Items, int Iterations,
    string Dataset, string DatasetManifestCrc32, string? UserFactorsCrc32 = null, string? ItemFactorsCrc32 = null, Data.Runs.ModelSelection? Selection = null);
