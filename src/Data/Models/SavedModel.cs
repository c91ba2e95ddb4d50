using Linalg.Training;

namespace Data.Models;

/// <summary>A model loaded from a run folder, with its id maps.</summary>
/// <param name="Info">model.json.</param>
/// <param name="Model">The factors.</param>
/// <param name="UserIds">User id by index.</param>
/// <param name="ArtistMbids">Artist MBID by index (null when none).</param>
/// <param name="ArtistNames">Artist name by index.</param>
public sealed record SavedModel(ModelInfo Info, AlsModel Model, string[] UserIds, string?[] ArtistMbids, string[] ArtistNames);
