using System.Text.Json;
using System.Text.Json.Serialization;
using Linalg.Evaluation;

namespace Data.Evaluation;

/// <summary>
/// <c>RUNDIR/evaluation.json</c>, written by <c>als evaluate</c> and read by the HTML report:
/// <code>
///   {"at":[1,5,10,15,20],"users":N,"test_users":N,"dataset":"&lt;folder&gt;",
///    "models":[{"name":"ALS","fit_seconds":…,"ranking_seconds":…,"cpu_seconds":…,"metrics":[{"at":1,"precision":…,"recall":…,"ndcg":…,"map":…,"hit_rate":…,"coverage":…},…]},…]}
/// </code>
/// snake_case names; numbers in invariant form (JSON has no other). "at" is the ranking cutoff K ("k" would be the factor count).
/// </summary>
/// <param name="At">The ranking cutoffs.</param>
/// <param name="Users">Test users evaluated (the same for every model).</param>
/// <param name="Dataset">The dataset folder.</param>
/// <param name="Models">One entry per model, in the order evaluated.</param>
/// <param name="TestUsers">Users with test items in the dataset: <paramref name="Users"/> below it means a sample; null in older files.</param>
public sealed record EvaluationReport(IReadOnlyList<int> At, int Users, string Dataset, IReadOnlyList<ModelEvaluation> Models, int? TestUsers = null)
{
    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "evaluation.json";

    /// <summary>snake_case, indented.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The report as JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the report to <paramref name="path"/> (temporary name, then rename); returns its full path.</summary>
    public string Write(string path)
    {
        path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path + ".tmp", ToJson() + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>Reads a report.</summary>
    /// <exception cref="InvalidDataException">It is not JSON of this schema, or lists no model or a model without a name or metrics.</exception>
    public static EvaluationReport Read(string path)
    {
        EvaluationReport? report;
        try
        {
            report = JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(path), JsonOptions);
        }
        catch (JsonException problem)
        {
            throw new InvalidDataException($"{path}: not an evaluation file ({problem.Message}).", problem);
        }
        if (report?.Models is not { Count: > 0 } models)
            throw new InvalidDataException($"{path}: lists no model.");
        foreach (ModelEvaluation model in models)
            if (string.IsNullOrEmpty(model.Name) || model.Metrics is not { Count: > 0 })
                throw new InvalidDataException($"{path}: model '{model.Name}' has no name or no metrics.");
        // An older or hand-written file may leave out the cutoff list: it follows from the metrics.
        return report with { At = report.At ?? [.. models.SelectMany(model => model.Metrics).Select(metric => metric.At).Distinct().Order()] };
    }
}

/// <summary>One model's metrics at every cutoff.</summary>
/// <param name="Name">ALS, popularity, item-knn cosine, item-knn bm25.</param>
/// <param name="Metrics">One entry per cutoff.</param>
/// <param name="FitSeconds">Wall seconds to build the model (packing the factors, fitting the neighbour lists); null in older files.</param>
/// <param name="RankingSeconds">Wall seconds to rank and score every evaluated user; null in older files.</param>
/// <param name="CpuSeconds">Processor seconds of the process over both (all threads; on a shared machine the fairer figure); null in older files.</param>
public sealed record ModelEvaluation(string Name, IReadOnlyList<CutoffMetrics> Metrics, double? FitSeconds = null, double? RankingSeconds = null,
    double? CpuSeconds = null);

/// <summary>Metrics at one cutoff, as evaluation.json spells them.</summary>
/// <param name="At">The ranking cutoff K.</param>
/// <param name="Precision">Precision@K.</param>
/// <param name="Recall">Recall@K.</param>
/// <param name="Ndcg">NDCG@K.</param>
/// <param name="Map">MAP@K.</param>
/// <param name="HitRate">HitRate@K.</param>
/// <param name="Coverage">Coverage of the top-K lists.</param>
public sealed record CutoffMetrics(int At, double Precision, double Recall, double Ndcg, double Map,
    [property: JsonPropertyName("hit_rate")] double HitRate, double Coverage)
{
    /// <summary>From the evaluator's result.</summary>
    public static CutoffMetrics From(RankingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new CutoffMetrics(metrics.Cutoff, metrics.Precision, metrics.Recall, metrics.Ndcg, metrics.Map, metrics.HitRate, metrics.Coverage);
    }
}
