using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cli.Models;
using Cli.Progress;
using Data.Datasets;
using Data.Evaluation;
using Data.Models;
using Linalg.Evaluation;
using Linalg.Neighbours;
using Linalg.Ranking;
using Linalg.Sparse;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als evaluate</c>: the full evaluation of a trained model on the test users of its dataset (DESIGN.md's protocol:
/// each user's training artists are removed from the candidates), beside the popularity baseline and two item-KNN
/// baselines (cosine, BM25-weighted cosine), at several cutoffs, with each model's seconds. Prints a table (or JSON);
/// writes RUNDIR/evaluation.json for a full evaluation (every test user), and a sample only where <c>--out</c> says, so
/// a quick sample never replaces the full figures the report shows.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The cutoffs evaluated by default.</summary>
    internal static readonly int[] DefaultCutoffs = [1, 5, 10, 15, 20];

    /// <summary>Seed of the user sample by default (the project's 42).</summary>
    internal const ulong DefaultSeed = 42;

    /// <summary>Largest cutoff accepted (as for training's --at).</summary>
    private const int MaxCutoff = Options.EvaluationOptionSet.MaxCutoff;

    /// <summary>Progress steps of an evaluation: loading, then one per model.</summary>
    private const int Steps = 5;

    /// <summary>Model names as evaluation.json spells them.</summary>
    internal const string Als = "ALS", Popularity = "popularity", KnnCosine = "item-knn cosine", KnnBm25 = "item-knn bm25";

    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var data = ModelOptions.Data();
        var cutoffs = new Option<string>("--at") { Description = "Comma-separated ranking cutoffs K (P@K, NDCG@K, ...).", DefaultValueFactory = _ => string.Join(',', DefaultCutoffs) };
        cutoffs.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ParseCutoffs(result.Tokens[^1].Value) is null)
                result.AddError($"--at must be a comma-separated list of whole numbers from 1 to {MaxCutoff}, e.g. 1,5,10.");
        });
        var json = ModelOptions.Json();
        var users = Options.EvalUsersOption.Create("Test users evaluated: all, or a seeded sample of N.", Options.EvalUsersOption.All, allowNone: false);
        var output = new Option<FileInfo?>("--out")
        {
            Description = $"Write the evaluation here (default: RUNDIR/{EvaluationReport.FileName}, and only for a full evaluation: a sample writes no file without --out).",
        };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the user sample.", DefaultValueFactory = _ => DefaultSeed };
        var neighbours = new Option<int>("--neighbours") { Description = "Neighbours kept per artist by the item-KNN baselines.", DefaultValueFactory = _ => ItemKnn.DefaultNeighbours };
        Options.AlsOptionSet.AddRange(neighbours, 1, 100_000);
        var threads = ModelOptions.Threads();
        var command = new Command("evaluate", "Evaluate a trained model on its dataset's test users beside popularity and item-KNN baselines; writes RUNDIR/evaluation.json.")
        {
            model, data, cutoffs, json, users, seed, neighbours, threads, output,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(ModelCommand.Run(parse, "evaluate", () =>
        {
            DirectoryInfo run = parse.GetRequiredValue(model);
            TrainedModel trained = ModelCommand.Open(run, parse.GetValue(data));
            ModelCommand.CheckDataset(trained, parse.InvocationConfiguration.Error, "evaluate");
            SavedModel saved = trained.Saved;
            PreparedDataset dataset = trained.Dataset;
            bool asJson = parse.GetValue(json);
            int[] ks = ParseCutoffs(parse.GetRequiredValue(cutoffs))!;
            int sample = Options.EvalUsersOption.Read(parse, users, allowNone: false);
            FileInfo? target = parse.GetValue(output);
            if (target is not null && Directory.Exists(target.FullName))
                throw new CommandProblem($"--out {target.FullName} is a folder; name the JSON file to write.");
            EvaluationReport report = asJson
                ? Evaluate(saved, dataset, ks, sample, parse.GetValue(seed), parse.GetValue(neighbours), parse.GetValue(threads), _ => { }, cancellationToken)
                // A bar on a terminal, timestamped lines in a log: one step for loading, one per model.
                : ProgressReporter.Run(console, "evaluate", progress =>
                {
                    int step = 0;
                    return Evaluate(saved, dataset, ks, sample, parse.GetValue(seed), parse.GetValue(neighbours), parse.GetValue(threads),
                        line => progress.Advance(++step, Steps, line), cancellationToken);
                });
            bool full = report.Users == report.TestUsers;
            string? path = target is not null ? report.Write(target.FullName)
                : full ? report.Write(Path.Combine(run.FullName, EvaluationReport.FileName))
                : null;
            if (asJson)
            {
                parse.InvocationConfiguration.Output.WriteLine(report.ToJson());
                return ExitCodes.Success;
            }
            WriteTable(console, report, parse.GetValue(neighbours));
            console.WriteLine(path is not null ? $"Wrote {path}"
                : string.Create(CultureInfo.InvariantCulture,
                    $"A sample of {report.Users:N0} test users: {EvaluationReport.FileName} is written for full evaluations only (use --out FILE to keep this one)."));
            return ExitCodes.Success;
        })));
        return command;
    }

    /// <summary>
    /// Evaluates ALS, popularity, item-KNN cosine and item-KNN BM25 on the same test users (all, or a seeded sample of
    /// <paramref name="sample"/>), each at every cutoff; <paramref name="log"/> receives a timing line per model.
    /// </summary>
    internal static EvaluationReport Evaluate(SavedModel saved, PreparedDataset dataset, int[] cutoffs, int sample, ulong seed, int neighbours,
        int threads, Action<string> log, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        CsrMatrix train = dataset.LoadTrain(), test = dataset.LoadTest();
        int[] users = RankingEvaluator.SampleUsers(test, sample, seed);
        if (users.Length == 0)
            throw new CommandProblem(
                $"the dataset {dataset.Folder} has no test user (no held-out rows): there is nothing to evaluate. Prepare it with --test-fraction above 0 and users of at least {dataset.Manifest.Split.MinInteractions} artists.");
        log(string.Create(CultureInfo.InvariantCulture,
            $"Loaded {dataset.Folder}: {train.Rows:N0} users x {train.Columns:N0} artists, {train.NonZeros:N0} train rows; {users.Length:N0} test users evaluated ({clock.Elapsed.TotalSeconds:F1} s)."));
        var models = new List<ModelEvaluation>();
        void Run(string name, Func<ITopKRecommender> build)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            TimeSpan processor = Process.GetCurrentProcess().TotalProcessorTime;
            ITopKRecommender recommender = build();
            TimeSpan fit = Stopwatch.GetElapsedTime(start);
            RankingMetrics[] metrics = RankingEvaluator.Evaluate(recommender, train, test, users, cutoffs, threads);
            TimeSpan ranking = Stopwatch.GetElapsedTime(start) - fit;
            double cpu = (Process.GetCurrentProcess().TotalProcessorTime - processor).TotalSeconds;
            models.Add(new ModelEvaluation(name, [.. metrics.Select(CutoffMetrics.From)], Math.Round(fit.TotalSeconds, 3), Math.Round(ranking.TotalSeconds, 3),
                Math.Round(cpu, 3)));
            log(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} fit {fit.TotalSeconds,6:F2} s, ranking {ranking.TotalSeconds,6:F2} s ({cpu:F1} s CPU)"));
        }
        Run(Als, () => new FactorRecommender(saved.Model.UserFactors, saved.Model.ItemFactors));
        Run(Popularity, () => new PopularityBaseline(train));
        Run(KnnCosine, () => ItemKnn.Fit(train, ItemKnnWeighting.Cosine, neighbours, threads));
        Run(KnnBm25, () => ItemKnn.Fit(train, ItemKnnWeighting.Bm25, neighbours, threads));
        return new EvaluationReport(cutoffs, users.Length, dataset.Folder, models, RankingEvaluator.SampleUsers(test, RankingEvaluator.AllUsers, seed).Length);
    }

    /// <summary>The cutoffs of "1,5,10", increasing and distinct, or null when the text is not such a list.</summary>
    internal static int[]? ParseCutoffs(string text)
    {
        var values = new SortedSet<int>();
        foreach (string part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < 1 || value > MaxCutoff) return null;
            values.Add(value);
        }
        return values.Count == 0 ? null : [.. values];
    }

    private static void WriteTable(IAnsiConsole console, EvaluationReport report, int neighbours)
    {
        var table = new Table().AddColumns("@", "model", "Precision", "Recall", "NDCG", "MAP", "HitRate", "Coverage");
        for (int c = 2; c < 8; c++) table.Columns[c].RightAligned();
        table.Columns[0].RightAligned();
        for (int cutoff = 0; cutoff < report.At.Count; cutoff++)
        {
            foreach (ModelEvaluation model in report.Models)
            {
                CutoffMetrics m = model.Metrics[cutoff];
                table.AddRow(m.At.ToString(CultureInfo.InvariantCulture), model.Name, F(m.Precision), F(m.Recall), F(m.Ndcg), F(m.Map), F(m.HitRate), F(m.Coverage));
            }
            if (cutoff < report.At.Count - 1) table.AddEmptyRow();
        }

        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{report.Users:N0} test users; train artists excluded; item-KNN: {neighbours} neighbours per artist, BM25 K1 = {ItemKnn.Bm25K1}, B = {ItemKnn.Bm25B}"));
        console.Write(table);
        foreach (ModelEvaluation model in report.Models)                  // where the time went, per model
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{model.Name,-16} fit {model.FitSeconds,7:F2} s, ranking {model.RankingSeconds,7:F2} s, {model.CpuSeconds,7:F1} s CPU (all threads)"));
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
