using Data.Runs;
using System.Globalization;
using Linalg.Evaluation;
using Spectre.Console;

namespace Cli.Runs;

/// <summary>
/// Prints training progress as fixed-width rows (one per iteration, readable on a terminal and in a log file)
/// and the final model-vs-baseline table.
/// </summary>
internal static class MetricsConsole
{
    /// <summary>
    /// The header of the per-iteration rows for cutoff <paramref name="cutoff"/> ("eval s": loss and ranking metrics);
    /// with <paramref name="validation"/>, one more column: the validation NDCG@10, starred where it is the best so far.
    /// </summary>
    public static void WriteHeader(IAnsiConsole console, int cutoff, bool validation = false)
    {
        string k = cutoff.ToString(CultureInfo.InvariantCulture);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{"iter",5} {"seconds",8} {"loss",11} {"P@" + k,8} {"R@" + k,8} {"NDCG@" + k,8} {"MAP@" + k,8} {"coverage",9} {"eval s",7}")
            + (validation ? string.Create(CultureInfo.InvariantCulture, $" {"val NDCG@" + Data.Store.ValidationOptions.Cutoff,13}") : ""));
    }

    /// <summary>The validation column of a row: NDCG@10, with a star when <paramref name="best"/> (the best so far).</summary>
    public static string ValidationCell(double? ndcg, bool best) =>
        ndcg is { } value ? string.Create(CultureInfo.InvariantCulture, $" {value,12:F4}{(best ? "*" : " ")}") : "";

    /// <summary>
    /// One iteration's row: "seconds" is training (both half-steps), "eval s" the evaluation after it, which is
    /// not training time (the loss, and top-K over every item for each sampled user: see <c>--eval-users</c>).
    /// </summary>
    /// <remarks>Without evaluated users (<c>--no-eval</c>) the metric columns show "-": there is nothing to average.</remarks>
    public static void WriteRow(IAnsiConsole console, IterationMetrics row, double evaluationSeconds, string validationCell = "") =>
        console.WriteLine((row.EvalUsers > 0
            ? string.Create(CultureInfo.InvariantCulture,
                $"{row.Iteration,5} {row.Seconds,8:F3} {row.Loss,11:E4} {row.Precision,8:F4} {row.Recall,8:F4} {row.Ndcg,8:F4} {row.Map,8:F4} {row.Coverage,9:F4} {evaluationSeconds,7:F2}")
            : string.Create(CultureInfo.InvariantCulture,
                $"{row.Iteration,5} {row.Seconds,8:F3} {row.Loss,11:E4} {"-",8} {"-",8} {"-",8} {"-",8} {"-",9} {evaluationSeconds,7:F2}")) + validationCell);

    /// <summary>The final comparison of the model with the popularity baseline on the same users.</summary>
    public static void WriteComparison(IAnsiConsole console, RankingMetrics model, RankingMetrics baseline)
    {
        var table = new Table().AddColumns("metric", "ALS", "popularity", "ALS / popularity");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        string k = model.Cutoff.ToString(CultureInfo.InvariantCulture);
        foreach ((string name, double als, double popular) in new[]
        {
            ("Precision@" + k, model.Precision, baseline.Precision),
            ("Recall@" + k, model.Recall, baseline.Recall),
            ("NDCG@" + k, model.Ndcg, baseline.Ndcg),
            ("MAP@" + k, model.Map, baseline.Map),
            ("HitRate@" + k, model.HitRate, baseline.HitRate),
            ("Coverage", model.Coverage, baseline.Coverage),
        })
        {
            string ratio = popular > 0 ? (als / popular).ToString("F2", CultureInfo.InvariantCulture) + "x" : "-";
            table.AddRow(name, als.ToString("F4", CultureInfo.InvariantCulture), popular.ToString("F4", CultureInfo.InvariantCulture), ratio);
        }
        table.Caption(string.Create(CultureInfo.InvariantCulture, $"{model.Users:N0} test users, metrics @{model.Cutoff}"));
        console.Write(table);
    }
}
