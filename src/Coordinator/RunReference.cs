using System.Text.Json;

namespace Coordinator;

/// <summary><c>RUNDIR/run.json</c>: which run of which store a run folder belongs to, so <c>--resume</c> finds it.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Store">The factor store folder.</param>
/// <param name="Dataset">The dataset folder.</param>
public sealed record RunReference(Guid RunId, string Store, string Dataset)
{
    /// <summary>The file's name in a run folder.</summary>
    public const string FileName = "run.json";

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>Writes the file into <paramref name="runFolder"/>.</summary>
    public void Write(string runFolder) => File.WriteAllText(Path.Combine(runFolder, FileName), JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads the file of <paramref name="runFolder"/>.</summary>
    /// <exception cref="InvalidDataException">The folder holds no run.</exception>
    public static RunReference Read(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new InvalidDataException($"{runFolder} holds no run to resume ({FileName} is missing).");
        return JsonSerializer.Deserialize<RunReference>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"{path} is empty.");
    }
}
