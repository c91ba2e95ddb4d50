using System.Diagnostics;
using System.Globalization;
using System.Text;
using Cli.Models;
using Cli.Tuning;
using Data.Datasets;
using Data.Models;
using Data.Runs;
using Data.Store;
using Data.Evaluation;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Cli.Reports;

/// <summary>
/// Writes <c>RUNDIR/report.html</c>: one self-contained page (inline CSS and SVG, no script, font or image file)
/// with the training curves from <c>metrics.jsonl</c>, ALS beside its baselines at several K (from
/// <c>evaluation.json</c> when <c>als evaluate</c> wrote one, else computed here on a seeded sample of test users),
/// the dataset's distributions, the hyperparameter sensitivity from <c>tune.json</c> when present, and one sample
/// user's history and recommendations.
/// </summary>
internal static class RunReport
{
    /// <summary>The file written in the run folder.</summary>
    public const string FileName = "report.html";

    /// <summary>The cutoffs computed when there is no evaluation.json (the same as <c>als evaluate</c>'s default).</summary>
    public static readonly int[] Cutoffs = [1, 5, 10, 15, 20];

    /// <summary>Test users sampled for the computed comparison.</summary>
    /// <remarks>Top-K costs users × artists × k multiply-adds: 500 users of the
    /// 20k preset (45K artists, k = 64) take ~0.3 s of one free core (4.7 s for 2,000 on a machine loaded 6× over), and
    /// P@10 over 5,000 user-slots has a standard error of ~0.005. `als evaluate` is the full evaluation.
    /// </remarks>
    public const int DefaultUsers = 500;

    /// <summary>Artists listed for the sample user: their history and their recommendations.</summary>
    private const int SampleListLength = 10;

    /// <summary>The sample user is the first sampled user with at least this many training artists, so the history says something.</summary>
    private const int SampleMinimumHistory = 10;

    /// <summary>Writes the report of <paramref name="runFolder"/>; returns its path and how long it took.</summary>
    /// <param name="runFolder">A run folder with metrics.jsonl and model/.</param>
    /// <param name="dataFolder">The dataset (default: the one named in model/model.json).</param>
    /// <param name="output">The file to write (default: RUNDIR/report.html).</param>
    /// <param name="users">Test users sampled when the comparison is computed here (0: all).</param>
    /// <param name="seed">Seed of that sample.</param>
    /// <param name="threads">Threads for top-K.</param>
    /// <exception cref="InvalidDataException">The run folder has no metrics or model, or the dataset does not match the model.</exception>
    public static (string Path, TimeSpan Elapsed) Write(string runFolder, string? dataFolder, string? output, int users, ulong seed, int threads)
    {
        var clock = Stopwatch.StartNew();
        string html = Build(runFolder, dataFolder, users, seed, threads);
        string path = output ?? Path.Combine(runFolder, FileName);
        string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";                // a unique name: two reports never share a temp file
        try
        {
            File.WriteAllText(temporary, html, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            File.Move(temporary, path, overwrite: true);                          // a full disk leaves the old report, never half a new one
        }
        finally
        {
            File.Delete(temporary);
        }
        return (path, clock.Elapsed);
    }

    /// <summary>The report's HTML (see <see cref="Write"/> for the parameters).</summary>
    public static string Build(string runFolder, string? dataFolder, int users, ulong seed, int threads)
    {
        string metricsFile = Path.Combine(runFolder, RunDirectory.MetricsFile);
        if (!File.Exists(metricsFile)) throw new CommandProblem($"{runFolder} has no {RunDirectory.MetricsFile}: it is not a training run folder.");
        IReadOnlyList<IterationMetrics> metrics = RunDirectory.ReadMetrics(metricsFile);
        IterationMetrics? baseline = File.Exists(Path.Combine(runFolder, RunDirectory.BaselineFile)) ? RunDirectory.ReadBaseline(runFolder) : null;
        SavedModel model = ModelStore.Load(runFolder);
        // One that is missing or not the model's is an InvalidInputException naming the folder and --data (exit code 2).
        PreparedDataset dataset = ModelDataset.Open(model, dataFolder, out _);
        string datasetFolder = dataset.Folder;
        CsrMatrix train = dataset.LoadTrain(), test = dataset.LoadTest();

        int[] sample = RankingEvaluator.SampleUsers(test, users, seed);
        string evaluationFile = Path.Combine(runFolder, EvaluationReport.FileName);
        string? evaluationNote = null;
        EvaluationReport comparison;
        if (File.Exists(evaluationFile))
        {
            try
            {
                comparison = EvaluationReport.Read(evaluationFile);
                evaluationNote = $"From {EvaluationReport.FileName} (written by als evaluate).";
            }
            catch (InvalidDataException problem)
            {
                comparison = Compare(model, train, test, sample, datasetFolder, threads);
                evaluationNote = $"{EvaluationReport.FileName} could not be read ({problem.Message}); computed here instead.";
            }
        }
        else
        {
            comparison = Compare(model, train, test, sample, datasetFolder, threads);
            evaluationNote = string.Create(CultureInfo.InvariantCulture,
                $"Computed for this report on a seeded sample of {sample.Length:N0} test users (seed {seed}); `als evaluate` writes {EvaluationReport.FileName} for a full evaluation.");
        }
        string tuneFile = Path.Combine(runFolder, TuneResults.FileName);
        TuneResults? tune = null;
        string? tuneNote = null;
        if (File.Exists(tuneFile))
        {
            try
            {
                tune = TuneResults.Read(tuneFile);
            }
            catch (InvalidDataException problem)
            {
                tuneNote = problem.Message;
            }
        }

        var page = new StringBuilder();
        page.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        page.Append("<link rel=\"icon\" href=\"data:,\">");   // no favicon request: the page loads nothing
        page.Append(CultureInfo.InvariantCulture, $"<title>ALS report: {Html.Text(Path.GetFileName(Path.GetFullPath(runFolder)))}</title><style>{Style}</style></head><body>");
        WriteHeader(page, runFolder, model, dataset, metrics);
        WriteCurves(page, metrics, baseline, model.Info.Selection);
        WriteComparison(page, comparison, evaluationNote);
        WriteDistributions(page, train, test);
        WriteTuning(page, tune, tuneNote);
        WriteSampleUser(page, model, train, test, sample, threads);
        page.Append(CultureInfo.InvariantCulture, $"<footer>Written by als {Html.Text(CliApplication.Version)} at {DateTime.UtcNow:yyyy-MM-dd HH:mm:ss} UTC.</footer></body></html>\n");
        return page.ToString();
    }

    /// <summary>ALS and popularity at every cutoff, on the same users (the evaluator <c>als evaluate</c> uses).</summary>
    internal static EvaluationReport Compare(SavedModel model, CsrMatrix train, CsrMatrix test, int[] users, string dataset, int threads)
    {
        ModelEvaluation Evaluate(string name, ITopKRecommender recommender) =>
            new(name, [.. RankingEvaluator.Evaluate(recommender, train, test, users, Cutoffs, threads).Select(CutoffMetrics.From)]);
        return new EvaluationReport(Cutoffs, users.Length, dataset,
            [Evaluate("ALS", new FactorRecommender(model.Model.UserFactors, model.Model.ItemFactors)), Evaluate("popularity", new PopularityBaseline(train))]);
    }

    private static void WriteHeader(StringBuilder page, string runFolder, SavedModel model, PreparedDataset dataset, IReadOnlyList<IterationMetrics> metrics)
    {
        var options = model.Info.Parameters;
        page.Append(CultureInfo.InvariantCulture, $"<h1>ALS training report</h1><p class=\"lead\">Run <code>{Html.Text(Path.GetFullPath(runFolder))}</code></p>");
        page.Append("<table class=\"facts\"><tbody>");
        Row(page, "Model", string.Create(CultureInfo.InvariantCulture,
            $"k = {options.Factors}, λ = {options.Regularization}, α = {options.Alpha}, confidence {Options.AlsOptionSet.ConfidenceName(options.Confidence)}, " +
            $"solver {Options.AlsOptionSet.SolverName(options.Solver)}, {model.Info.Iterations} iterations, seed {options.Seed}"));
        Row(page, "Dataset", string.Create(CultureInfo.InvariantCulture,
            $"{dataset.Folder}: {dataset.Users:N0} users × {dataset.Items:N0} artists, {dataset.Manifest.Counts.TrainRows:N0} train and {dataset.Manifest.Counts.TestRows:N0} test rows"));
        if (metrics.Count > 0)
            Row(page, "Training", string.Create(CultureInfo.InvariantCulture,
                $"{metrics.Count} iterations in {metrics.Sum(row => row.Seconds):F1} s of solver time; ") + (metrics[^1].EvalUsers > 0
                    ? string.Create(CultureInfo.InvariantCulture, $"metrics on {metrics[^1].EvalUsers:N0} sampled test users @{metrics[^1].At}")
                    : "ranking metrics were off (--no-eval): loss only"));
        page.Append("</tbody></table>");
    }

    private static void WriteCurves(StringBuilder page, IReadOnlyList<IterationMetrics> metrics, IterationMetrics? baseline, ModelSelection? selection)
    {
        page.Append("<section id=\"training\"><h2>Training, per iteration</h2>");
        string k = metrics.Count > 0 ? metrics[^1].At.ToString(CultureInfo.InvariantCulture) : "K";
        bool ranked = metrics.Count == 0 || metrics[^1].EvalUsers > 0;    // --no-eval: no ranking curve to draw
        if (baseline is not null && ranked)
            page.Append(CultureInfo.InvariantCulture,
                $"<p>Popularity baseline on the same users: P@{k} {baseline.Precision:F4}, NDCG@{k} {baseline.Ndcg:F4}, coverage {baseline.Coverage:F4}.</p>");
        if (selection is not null) page.Append(CultureInfo.InvariantCulture, $"<p id=\"selection\">Model: {Html.Text(selection.Reason)}.</p>");
        page.Append("<div class=\"grid\">");
        // Shares and durations start at 0; the loss does not (its changes are small against its size). The popularity
        // baseline is a dashed line on the charts of metrics it has.
        foreach ((string id, string title, string label, Func<IterationMetrics, double> value, bool fromZero, bool baselined) in
            new (string, string, string, Func<IterationMetrics, double>, bool, bool)[]
        {
            ("chart-loss", "Loss (normalised full implicit loss)", "loss", row => row.Loss ?? double.NaN, false, false),
            ("chart-precision", $"Precision@{k}", $"P@{k}", row => row.Precision, true, true),
            ("chart-ndcg", $"NDCG@{k}", $"NDCG@{k}", row => row.Ndcg, true, true),
            ("chart-coverage", "Catalogue coverage of the top-K lists", "coverage", row => row.Coverage, true, true),
            ("chart-seconds", "Seconds per iteration (training work)", "seconds", row => row.Seconds, true, false),
        })
        {
            if (!ranked && id is not ("chart-loss" or "chart-seconds")) continue;
            var chart = new SvgChart(id, title, "iteration", label) { PointAttribute = "data-iteration", YFromZero = fromZero };
            chart.Add("ALS", [.. metrics.Select(row => ((double)row.Iteration, value(row)))]);
            if (baselined && baseline is not null) chart.AddReference("popularity", value(baseline));
            page.Append(chart.Render());
        }
        // With validation rows (--keep-best, --early-stopping): their NDCG per iteration, and the iteration the model kept.
        if (metrics.Any(row => row.ValidationNdcg is not null))
        {
            var validation = new SvgChart("chart-validation", $"Validation NDCG@{ValidationOptions.Cutoff} (rows carved from training; chooses the kept iteration)",
                "iteration", $"NDCG@{ValidationOptions.Cutoff}") { PointAttribute = "data-iteration", YFromZero = true };
            validation.Add("validation", [.. metrics.Where(row => row.ValidationNdcg is not null).Select(row => ((double)row.Iteration, row.ValidationNdcg!.Value))]);
            if (selection is not null && metrics.FirstOrDefault(row => row.Iteration == selection.KeptIteration) is { ValidationNdcg: { } kept })
                validation.Add(string.Create(CultureInfo.InvariantCulture, $"kept: iteration {selection.KeptIteration}"), [(selection.KeptIteration, kept)], line: false);
            page.Append(validation.Render());
        }
        page.Append("</div></section>");
    }

    private static void WriteComparison(StringBuilder page, EvaluationReport comparison, string? note)
    {
        page.Append("<section id=\"comparison\"><h2>ALS and baselines</h2>");
        page.Append(CultureInfo.InvariantCulture, $"<p>{Html.Text(note)} {comparison.Users:N0} test users; the user's own training artists are never recommended.</p>");
        page.Append("<table id=\"baselines\" class=\"numbers\"><thead><tr><th>model</th><th>@</th><th>precision</th><th>recall</th><th>NDCG</th><th>MAP</th><th>hit rate</th><th>coverage</th></tr></thead><tbody>");
        foreach (ModelEvaluation model in comparison.Models)
            foreach (CutoffMetrics row in model.Metrics.OrderBy(row => row.At))
                page.Append(CultureInfo.InvariantCulture,
                    $"<tr data-model=\"{Html.Attribute(model.Name)}\"><td>{Html.Text(model.Name)}</td><td>{row.At}</td><td>{row.Precision:F4}</td><td>{row.Recall:F4}</td><td>{row.Ndcg:F4}</td><td>{row.Map:F4}</td><td>{row.HitRate:F4}</td><td>{row.Coverage:F4}</td></tr>");
        page.Append("</tbody></table><div class=\"grid\">");
        var precision = new SvgChart("chart-precision-at-k", "Precision@K by model", "cutoff K (@)", "precision") { PointAttribute = "data-at", YFromZero = true };
        var ndcg = new SvgChart("chart-ndcg-at-k", "NDCG@K by model", "cutoff K (@)", "NDCG") { PointAttribute = "data-at", YFromZero = true };
        foreach (ModelEvaluation model in comparison.Models)
        {
            precision.Add(model.Name, [.. model.Metrics.OrderBy(row => row.At).Select(row => ((double)row.At, row.Precision))]);
            ndcg.Add(model.Name, [.. model.Metrics.OrderBy(row => row.At).Select(row => ((double)row.At, row.Ndcg))]);
        }
        page.Append(precision.Render()).Append(ndcg.Render()).Append("</div></section>");
    }

    private static void WriteDistributions(StringBuilder page, CsrMatrix train, CsrMatrix test)
    {
        page.Append("<section id=\"distributions\"><h2>Dataset distributions</h2><p>Train and test rows together. Log-binned (bins [2ᵇ, 2ᵇ⁺¹)): density = share of values per unit in the bin; CCDF = share of values at least the bin's lower edge.</p><div class=\"grid\">");
        var listeners = new long[train.Columns];
        foreach (CsrMatrix part in new[] { train, test })
            for (int entry = 0; entry < part.NonZeros; entry++) listeners[part.ColumnIndices[entry]]++;
        foreach ((string id, string title, string label, LogHistogram histogram) in new[]
        {
            ("chart-plays", "Plays per user–artist row", "plays", LogHistogram.Build(train.Values.Take(train.NonZeros).Concat(test.Values.Take(test.NonZeros)).Select(value => (long)value))),
            ("chart-artists-per-user", "Artists per user", "artists", LogHistogram.Build(Enumerable.Range(0, train.Rows).Select(user => (long)train.RowLength(user) + test.RowLength(user)))),
            ("chart-listeners-per-artist", "Listeners per artist", "listeners", LogHistogram.Build(listeners)),
        })
        {
            var chart = new SvgChart(id, title + string.Create(CultureInfo.InvariantCulture, $" (n = {histogram.Total:N0}, max {histogram.Maximum:N0})"), label, "share")
                { LogX = true, LogY = true };
            chart.Add("density", histogram.Density()).Add("CCDF", histogram.Ccdf());
            page.Append(chart.Render());
        }
        page.Append("</div></section>");
    }

    private static void WriteTuning(StringBuilder page, TuneResults? tune, string? note)
    {
        page.Append("<section id=\"tuning\"><h2>Hyperparameter sensitivity</h2>");
        if (tune is null)
        {
            page.Append(CultureInfo.InvariantCulture, $"<p>{Html.Text(note ?? $"No {TuneResults.FileName} in the run folder: run `als tune --data DIR --out RUNDIR` to add this section.")}</p></section>");
            return;
        }
        page.Append(CultureInfo.InvariantCulture,
            $"<p>{tune.Trials.Count} {(tune.Strategy == TuneStrategy.Halving ? $"successive-halving (η = {tune.Eta})" : "random-search")} trials, scored by P@{tune.At} on {tune.ValidationUsers:N0} validation users carved from train (seed {tune.Seed}). Best: <code>{Html.Text(tune.TrainOptions)}</code></p><div class=\"grid\">");
        foreach ((string name, string symbol, bool log, Func<TuneTrial, double> value) in new (string, string, bool, Func<TuneTrial, double>)[]
        {
            ("factors", "k", false, trial => trial.Factors),
            ("regularization", "λ", true, trial => trial.Regularization),
            ("iterations", "iterations", false, trial => trial.Iterations),
            ("alpha", "α", true, trial => trial.Alpha),
        })
        {
            var groups = tune.Trials.GroupBy(value).OrderBy(group => group.Key).ToList();
            var chart = new SvgChart("chart-tune-" + name, $"P@{tune.At} by {symbol}", symbol, $"P@{tune.At}") { LogX = log, PointAttribute = "data-value-of-" + name, YFromZero = true };
            chart.Add("best", [.. groups.Select(group => (group.Key, group.Max(trial => trial.Precision)))]);
            chart.Add("mean", [.. groups.Select(group => (group.Key, group.Average(trial => trial.Precision)))]);
            page.Append(chart.Render());
        }
        page.Append("</div><table id=\"tune-trials\" class=\"numbers\"><thead><tr><th>trial</th><th>confidence</th><th>k</th><th>λ</th><th>iterations</th><th>α</th><th>P@10</th><th>NDCG@10</th><th>seconds</th></tr></thead><tbody>");
        foreach (TuneTrial trial in tune.Trials.OrderByDescending(trial => trial.Precision).ThenBy(trial => trial.Trial))
            page.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{trial.Trial}</td><td>{Options.AlsOptionSet.ConfidenceName(trial.Confidence)}</td><td>{trial.Factors}</td><td>{trial.Regularization}</td><td>{trial.Iterations}</td><td>{trial.Alpha}</td><td>{trial.Precision:F4}</td><td>{trial.Ndcg:F4}</td><td>{trial.Seconds:F1}</td></tr>");
        page.Append("</tbody></table></section>");
    }

    private static void WriteSampleUser(StringBuilder page, SavedModel model, CsrMatrix train, CsrMatrix test, int[] sample, int threads)
    {
        page.Append("<section id=\"sample-user\"><h2>A sample user</h2>");
        if (sample.Length == 0)
        {
            page.Append("<p>The dataset has no test users.</p></section>");
            return;
        }
        int index = Array.FindIndex(sample, user => train.RowLength(user) >= SampleMinimumHistory);
        if (index < 0) index = 0;
        int user = sample[index];
        page.Append(CultureInfo.InvariantCulture,
            $"<p>User <code>{Html.Text(model.UserIds[user])}</code> (index {user}): {train.RowLength(user):N0} artists in train, {test.RowLength(user):N0} held out. The first user of the seeded evaluation sample with at least {SampleMinimumHistory} training artists.</p><div class=\"grid\">");
        page.Append("<table id=\"history\" class=\"list\"><caption>Most played (train)</caption><thead><tr><th>artist</th><th>plays</th></tr></thead><tbody>");
        ReadOnlySpan<int> items = train.RowColumns(user);
        ReadOnlySpan<float> plays = train.RowValues(user);
        int[] order = [.. Enumerable.Range(0, items.Length).OrderByDescending(position => train.RowValues(user)[position]).ThenBy(position => position).Take(SampleListLength)];
        foreach (int position in order)
            page.Append(CultureInfo.InvariantCulture, $"<tr><td>{Html.Text(model.ArtistNames[items[position]])}</td><td>{plays[position]:N0}</td></tr>");
        page.Append("</tbody></table><table id=\"recommendations\" class=\"list\"><caption>Recommended (✓ = held out in test)</caption><thead><tr><th>#</th><th>artist</th><th>score</th><th>held out</th></tr></thead><tbody>");
        TopKResult top = TopK.Recommend(model.Model.UserFactors, [user], new ItemScorer(model.Model.ItemFactors), train, SampleListLength, threads);
        ReadOnlySpan<int> recommended = top.ItemsOf(0);
        ReadOnlySpan<float> scores = top.ScoresOf(0);
        ReadOnlySpan<int> relevant = test.RowColumns(user);
        for (int rank = 0; rank < Math.Min(SampleListLength, recommended.Length) && recommended[rank] >= 0; rank++)
            page.Append(CultureInfo.InvariantCulture,
                $"<tr><td>{rank + 1}</td><td>{Html.Text(model.ArtistNames[recommended[rank]])}</td><td>{scores[rank]:F3}</td><td>{(relevant.BinarySearch(recommended[rank]) >= 0 ? "✓" : "")}</td></tr>");
        page.Append("</tbody></table></div></section>");
    }

    private static void Row(StringBuilder page, string name, string value) =>
        page.Append(CultureInfo.InvariantCulture, $"<tr><th>{Html.Text(name)}</th><td>{Html.Text(value)}</td></tr>");

    /// <summary>The page's whole style sheet: system fonts only, so nothing is fetched.</summary>
    private static readonly string Style = $$"""
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px auto;max-width:1240px;padding:0 16px;color:#1b1f24;background:#fff}
        h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
        code{font:12px ui-monospace,SFMono-Regular,Menlo,monospace;background:#f3f4f6;padding:1px 4px;border-radius:3px}
        .grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(min({{SvgChart.MinimumFigurePixels}}px,100%),1fr));gap:12px 20px;align-items:start}
        figure.chart{margin:0;border:1px solid #e5e7eb;border-radius:6px;padding:8px}figure.chart figcaption{font-weight:600;margin-bottom:4px}
        svg{width:100%;height:auto;display:block}svg .plot{fill:#fbfbfc;stroke:#c9ced6}svg .grid{stroke:#e6e8eb;stroke-width:1}
        svg text{font-family:system-ui,sans-serif;fill:#3b424a}svg .axis{font-size:13px;fill:#1b1f24}svg .legend{font-size:12px}svg .empty{font-size:14px}
        table{border-collapse:collapse;margin:8px 0}th,td{padding:3px 10px;border-bottom:1px solid #eaecef;text-align:left}
        table.numbers td{text-align:right;font-variant-numeric:tabular-nums}table.numbers td:first-child{text-align:left}
        table.facts th{color:#57606a;font-weight:500}caption{font-weight:600;text-align:left;padding:4px 0}
        footer{margin-top:32px;color:#6e7781;font-size:12px}
        """;
}
