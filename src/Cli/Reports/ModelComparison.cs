using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cli.Reports;

/// <summary>
/// Ranking metrics of several models (ALS and baselines) at several cutoffs K on the same test users: the content of
/// <c>RUNDIR/evaluation.json</c> as <c>als evaluate</c> writes it, or what the report computes when that file is absent.
/// </summary>
/// <param name="K">The cutoffs, ascending.</param>
/// <param name="Users">Test users evaluated.</param>
/// <param name="Dataset">The dataset folder (or a description of it).</param>
/// <param name="Models">Every model, ALS first by convention.</param>
internal sealed record ModelComparison(IReadOnlyList<int> K, int Users, string? Dataset, IReadOnlyList<ComparedModel> Models)
{
    /// <summary>The file <c>als evaluate</c> writes in a run folder.</summary>
    public const string FileName = "evaluation.json";

    private static readonly JsonSerializerOptions Format = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It is not JSON of this schema, or lists no model or a model without metrics.</exception>
    public static ModelComparison Read(string path)
    {
        ModelComparison? comparison;
        try
        {
            comparison = JsonSerializer.Deserialize<ModelComparison>(File.ReadAllText(path), Format);
        }
        catch (JsonException problem)
        {
            throw new InvalidDataException($"{path}: not an evaluation file ({problem.Message}).", problem);
        }
        if (comparison?.Models is not { Count: > 0 } models)
            throw new InvalidDataException($"{path}: lists no model.");
        foreach (ComparedModel model in models)
            if (string.IsNullOrEmpty(model.Name) || model.Metrics is not { Count: > 0 })
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{path}: model '{model.Name}' has no name or no metrics."));
        return comparison with { K = comparison.K ?? [.. models.SelectMany(model => model.Metrics).Select(metric => metric.K).Distinct().Order()] };
    }
}

/// <summary>One model's metrics at each cutoff.</summary>
/// <param name="Name">The model (ALS, popularity, …).</param>
/// <param name="Metrics">One entry per cutoff K.</param>
internal sealed record ComparedModel(string Name, IReadOnlyList<CutoffMetrics> Metrics);

/// <summary>Ranking metrics at one cutoff (definitions on <see cref="Linalg.Evaluation.RankingMetrics"/>).</summary>
/// <param name="K">The cutoff.</param>
/// <param name="Precision">Precision@K.</param>
/// <param name="Recall">Recall@K.</param>
/// <param name="Ndcg">NDCG@K.</param>
/// <param name="Map">MAP@K.</param>
/// <param name="HitRate">HitRate@K.</param>
/// <param name="Coverage">Catalogue coverage of the top-K lists.</param>
internal sealed record CutoffMetrics(int K, double Precision, double Recall, double Ndcg, double Map,
    [property: JsonPropertyName("hit_rate")] double HitRate, double Coverage);
