using System.Globalization;
using System.Text.Json;

namespace Cli.Runs;

/// <summary>
/// The output folder of one run: <c>metrics.jsonl</c> (one JSON object per iteration, appended and flushed as
/// each iteration ends, so a crash loses nothing already reported) and <c>baseline.json</c>.
/// </summary>
internal sealed class RunDirectory
{
    /// <summary>File of per-iteration metrics, JSON Lines.</summary>
    public const string MetricsFile = "metrics.jsonl";

    /// <summary>File of the popularity baseline's metrics.</summary>
    public const string BaselineFile = "baseline.json";

    private static readonly JsonSerializerOptions LineFormat = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
    private static readonly JsonSerializerOptions FileFormat = new(LineFormat) { WriteIndented = true };

    private RunDirectory(string path) => Path = path;

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>
    /// Creates (or reuses, when empty) <paramref name="path"/>; without a path, a new folder
    /// <c>runs/&lt;prefix&gt;-yyyyMMdd-HHmmss</c> under the current directory.
    /// </summary>
    /// <exception cref="IOException">The folder exists and is not empty: a run never overwrites another.</exception>
    public static RunDirectory Create(string? path, string prefix)
    {
        path ??= System.IO.Path.Combine("runs",
            string.Create(CultureInfo.InvariantCulture, $"{prefix}-{DateTime.Now:yyyyMMdd-HHmmss}"));
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
            throw new IOException($"The run folder {path} exists and is not empty; choose another --out.");
        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Appends one iteration to <c>metrics.jsonl</c>.</summary>
    public void AppendMetrics(IterationMetrics metrics)
    {
        string line = JsonSerializer.Serialize(metrics, LineFormat) + "\n";
        File.AppendAllText(System.IO.Path.Combine(Path, MetricsFile), line);
    }

    /// <summary>Writes <c>baseline.json</c>.</summary>
    public void WriteBaseline(IterationMetrics metrics) =>
        File.WriteAllText(System.IO.Path.Combine(Path, BaselineFile), JsonSerializer.Serialize(metrics, FileFormat) + "\n");

    /// <summary>Reads every line of a <c>metrics.jsonl</c> file.</summary>
    public static IReadOnlyList<IterationMetrics> ReadMetrics(string file) =>
        [.. File.ReadLines(file).Where(line => line.Length > 0).Select(line => JsonSerializer.Deserialize<IterationMetrics>(line, LineFormat)!)];
}
