using System.Text.Json;
using System.Text.Json.Serialization;

namespace Data.Datasets;

/// <summary>
/// <c>manifest.json</c> of a prepared dataset: where it came from, every count (input rows = kept + merged +
/// rejected + filtered), the filters and split, the block layout, and a CRC-32 of every file.
/// </summary>
/// <param name="SchemaVersion">Layout version; readers refuse others.</param>
/// <param name="CreatedUtc">When it was prepared.</param>
/// <param name="Source">The input.</param>
/// <param name="Counts">Rows and ids at every stage.</param>
/// <param name="Filters">Filter settings used.</param>
/// <param name="Split">Split settings used.</param>
/// <param name="UserBlocks">User blocks (train by user and test files).</param>
/// <param name="ItemBlocks">Item blocks (train by item files).</param>
/// <param name="Files">Every data file with its size and CRC-32.</param>
/// <param name="Timings">Where the preparation spent its time (absent in datasets prepared before it was recorded).</param>
public sealed record DatasetManifest(int SchemaVersion, DateTime CreatedUtc, SourceInfo Source, DatasetCounts Counts, FilterSettings Filters,
    SplitSettings Split, IReadOnlyList<BlockInfo> UserBlocks, IReadOnlyList<BlockInfo> ItemBlocks, IReadOnlyList<FileInfoRecord> Files,
    PrepareTimings? Timings = null)
{
    /// <summary>The layout version this build writes and reads.</summary>
    public const int CurrentSchemaVersion = 1;

    /// <summary>JSON settings: snake_case names, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };
}
