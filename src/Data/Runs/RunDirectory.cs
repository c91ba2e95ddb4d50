using Data.Files;
using System.Globalization;
using System.Text.Json;

namespace Data.Runs;

/// <summary>
/// The output folder of one run: <c>metrics.jsonl</c> (one JSON object per iteration, appended and flushed as
/// each iteration ends, so a crash loses nothing already reported) and <c>baseline.json</c>.
/// </summary>
public sealed class RunDirectory
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
    /// Creates (or reuses) <paramref name="path"/> for a new run; without a path, a new folder
    /// <c>runs/&lt;prefix&gt;-yyyyMMdd-HHmmss</c> under the current directory.
    /// </summary>
    /// <exception cref="Failures.InvalidInputException">The folder already holds a run (metrics, a run reference or a model): a run never overwrites another.</exception>
    public static RunDirectory Create(string? path, string prefix)
    {
        path ??= System.IO.Path.Combine("runs",
            string.Create(CultureInfo.InvariantCulture, $"{prefix}-{DateTime.Now:yyyyMMdd-HHmmss}"));
        if (HoldsRun(path))
            throw new Failures.InvalidInputException($"The folder {path} already holds a run; choose another --out (or continue it with --resume).");
        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Whether <paramref name="path"/> holds a run already (metrics, a baseline, a run reference or a model).</summary>
    public static bool HoldsRun(string path) =>
        new[] { MetricsFile, BaselineFile, "run.json", "model" }.Any(entry => System.IO.Path.Exists(System.IO.Path.Combine(path, entry)));

    /// <summary>An existing run folder (created if missing), without the emptiness check: for a coordinator resuming a run.</summary>
    public static RunDirectory Open(string path)
    {
        Directory.CreateDirectory(path);
        return new RunDirectory(System.IO.Path.GetFullPath(path));
    }

    /// <summary>Replaces <c>metrics.jsonl</c> with <paramref name="rows"/> (a resumed run drops iterations it will redo).</summary>
    public void WriteMetrics(IEnumerable<IterationMetrics> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        string path = System.IO.Path.Combine(Path, MetricsFile);
        File.WriteAllText(path + ".tmp", string.Concat(rows.Select(row => JsonSerializer.Serialize(row, LineFormat) + "\n")));
        File.Move(path + ".tmp", path, overwrite: true);
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

    /// <summary>Reads <c>baseline.json</c> of the run folder <paramref name="folder"/>.</summary>
    public static IterationMetrics ReadBaseline(string folder) =>
        JsonFile.Read<IterationMetrics>(System.IO.Path.Combine(folder, BaselineFile), LineFormat, "delete it (the report then leaves the baseline out) or train again");

    /// <summary>Reads every line of a <c>metrics.jsonl</c> file.</summary>
    public static IReadOnlyList<IterationMetrics> ReadMetrics(string file) =>
        ReadMetricsLines(file);

    private static List<IterationMetrics> ReadMetricsLines(string file)
    {
        var rows = new List<IterationMetrics>();
        int number = 0;
        foreach (string line in File.ReadLines(file))
        {
            number++;
            if (line.Length == 0) continue;
            rows.Add(JsonFile.Parse<IterationMetrics>(line, string.Create(CultureInfo.InvariantCulture, $"{file}, line {number},"), LineFormat,
                "restore the file or train again"));
        }
        if (rows.Count == 0) throw new InvalidDataException($"{file} holds no iteration; train the run (or resume it) to write one.");
        return rows;
    }
}
