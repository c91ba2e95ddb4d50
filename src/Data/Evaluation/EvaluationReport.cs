using System.Text.Json;
using System.Text.Json.Serialization;
using Linalg.Evaluation;

namespace Data.Evaluation;

/// <summary>
/// <c>RUNDIR/evaluation.json</c>, written by <c>als evaluate</c> and read by the HTML report:
/// <code>
///   {"k":[1,5,10,15,20],"users":N,"dataset":"&lt;folder&gt;",
///    "models":[{"name":"ALS","metrics":[{"k":1,"precision":…,"recall":…,"ndcg":…,"map":…,"hit_rate":…,"coverage":…},…]},…]}
/// </code>
/// snake_case names; numbers in invariant form (JSON has no other).
/// </summary>
/// <param name="K">The cutoffs.</param>
/// <param name="Users">Test users evaluated (the same for every model).</param>
/// <param name="Dataset">The dataset folder.</param>
/// <param name="Models">One entry per model, in the order evaluated.</param>
public sealed record EvaluationReport(IReadOnlyList<int> K, int Users, string Dataset, IReadOnlyList<ModelEvaluation> Models)
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

    /// <summary>Writes <see cref="FileName"/> into <paramref name="runFolder"/> (temporary name, then rename); returns its path.</summary>
    public string Write(string runFolder)
    {
        string path = Path.Combine(runFolder, FileName);
        File.WriteAllText(path + ".tmp", ToJson() + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
        return path;
    }

    /// <summary>Reads a report.</summary>
    public static EvaluationReport Read(string path) =>
        JsonSerializer.Deserialize<EvaluationReport>(File.ReadAllText(path), JsonOptions) ?? throw new InvalidDataException($"{path} is empty.");
}

/// <summary>One model's metrics at every cutoff.</summary>
/// <param name="Name">ALS, popularity, item-knn cosine, item-knn bm25.</param>
/// <param name="Metrics">One entry per cutoff.</param>
public sealed record ModelEvaluation(string Name, IReadOnlyList<CutoffMetrics> Metrics);

/// <summary>Metrics at one cutoff, as evaluation.json spells them.</summary>
/// <param name="K">The cutoff.</param>
/// <param name="Precision">Precision@K.</param>
/// <param name="Recall">Recall@K.</param>
/// <param name="Ndcg">NDCG@K.</param>
/// <param name="Map">MAP@K.</param>
/// <param name="HitRate">HitRate@K.</param>
/// <param name="Coverage">Coverage of the top-K lists.</param>
public sealed record CutoffMetrics(int K, double Precision, double Recall, double Ndcg, double Map,
    [property: JsonPropertyName("hit_rate")] double HitRate, double Coverage)
{
    /// <summary>From the evaluator's result.</summary>
    public static CutoffMetrics From(RankingMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        return new CutoffMetrics(metrics.Cutoff, metrics.Precision, metrics.Recall, metrics.Ndcg, metrics.Map, metrics.HitRate, metrics.Coverage);
    }
}
