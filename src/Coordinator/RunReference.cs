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

    /// <summary>Writes the reference; a store or dataset inside the run folder is recorded relative to it, so a copied run folder uses its own.</summary>
    public void Write(string runFolder) => File.WriteAllText(Path.Combine(runFolder, FileName),
        JsonSerializer.Serialize(this with { Store = Relative(runFolder, Store), Dataset = Relative(runFolder, Dataset) }, Json) + "\n");

    /// <summary>Reads the file of <paramref name="runFolder"/>; relative paths are resolved against it.</summary>
    /// <exception cref="Data.Failures.InvalidInputException">The folder holds no run.</exception>
    public static RunReference Read(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        if (!File.Exists(path)) throw new Data.Failures.InvalidInputException($"{runFolder} holds no run to resume ({FileName} is missing).");
        RunReference reference = Data.Files.JsonFile.Read<RunReference>(path, Json, "the run cannot be resumed; start a new run with another --out");
        return reference with
        {
            Store = Path.GetFullPath(Path.Combine(runFolder, reference.Store)),
            Dataset = Path.GetFullPath(Path.Combine(runFolder, reference.Dataset)),
        };
    }

    private static string Relative(string runFolder, string path)
    {
        string run = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runFolder)), full = Path.GetFullPath(path);
        return full == run || full.StartsWith(run + Path.DirectorySeparatorChar, StringComparison.Ordinal) ? Path.GetRelativePath(run, full) : full;
    }
}
