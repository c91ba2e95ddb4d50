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
/// baselines (cosine, BM25-weighted cosine), at several cutoffs. Prints a table (or JSON) and writes
/// RUNDIR/evaluation.json.
/// </summary>
internal static class EvaluateCommand
{
    /// <summary>The cutoffs evaluated by default.</summary>
    internal static readonly int[] DefaultCutoffs = [1, 5, 10, 15, 20];

    /// <summary>Seed of the user sample by default (the project's 42).</summary>
    internal const ulong DefaultSeed = 42;

    /// <summary>Largest cutoff accepted (as for training's --k).</summary>
    private const int MaxCutoff = 1_000;

    /// <summary>Progress steps of an evaluation: loading, then one per model.</summary>
    private const int Steps = 5;

    /// <summary>Model names as evaluation.json spells them.</summary>
    internal const string Als = "ALS", Popularity = "popularity", KnnCosine = "item-knn cosine", KnnBm25 = "item-knn bm25";

    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var data = ModelOptions.Data();
        var cutoffs = new Option<string>("--k") { Description = "Comma-separated cutoffs K.", DefaultValueFactory = _ => string.Join(',', DefaultCutoffs) };
        cutoffs.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && ParseCutoffs(result.Tokens[^1].Value) is null)
                result.AddError($"--k must be a comma-separated list of whole numbers from 1 to {MaxCutoff}, e.g. 1,5,10.");
        });
        var json = ModelOptions.Json();
        var users = new Option<int>("--users") { Description = "Evaluate a seeded sample of this many test users (0: all of them).", DefaultValueFactory = _ => 0 };
        Options.AlsOptionSet.AddRange(users, 0, int.MaxValue);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the user sample.", DefaultValueFactory = _ => DefaultSeed };
        var neighbours = new Option<int>("--neighbours") { Description = "Neighbours kept per artist by the item-KNN baselines.", DefaultValueFactory = _ => ItemKnn.DefaultNeighbours };
        Options.AlsOptionSet.AddRange(neighbours, 1, 100_000);
        var threads = ModelOptions.Threads();
        var command = new Command("evaluate", "Evaluate a trained model on its dataset's test users beside popularity and item-KNN baselines; writes RUNDIR/evaluation.json.")
        {
            model, data, cutoffs, json, users, seed, neighbours, threads,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(ModelCommand.Run(parse, "evaluate", () =>
        {
            DirectoryInfo run = parse.GetRequiredValue(model);
            SavedModel saved = ModelCommand.Load(run);
            PreparedDataset dataset = ModelCommand.OpenDataset(saved, parse.GetValue(data), parse.InvocationConfiguration.Error, "evaluate");
            bool asJson = parse.GetValue(json);
            int[] ks = ParseCutoffs(parse.GetRequiredValue(cutoffs))!;
            EvaluationReport report = asJson
                ? Evaluate(saved, dataset, ks, parse.GetValue(users), parse.GetValue(seed), parse.GetValue(neighbours), parse.GetValue(threads), _ => { }, cancellationToken)
                // A bar on a terminal, timestamped lines in a log: one step for loading, one per model.
                : ProgressReporter.Run(console, "evaluate", progress =>
                {
                    int step = 0;
                    return Evaluate(saved, dataset, ks, parse.GetValue(users), parse.GetValue(seed), parse.GetValue(neighbours), parse.GetValue(threads),
                        line => progress.Advance(++step, Steps, line), cancellationToken);
                });
            string path = report.Write(run.FullName);
            if (asJson)
            {
                parse.InvocationConfiguration.Output.WriteLine(report.ToJson());
                return ExitCodes.Success;
            }
            WriteTable(console, report, parse.GetValue(neighbours));
            console.WriteLine($"Wrote {path}");
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
            ITopKRecommender recommender = build();
            TimeSpan fit = Stopwatch.GetElapsedTime(start);
            RankingMetrics[] metrics = RankingEvaluator.Evaluate(recommender, train, test, users, cutoffs, threads);
            models.Add(new ModelEvaluation(name, [.. metrics.Select(CutoffMetrics.From)]));
            log(string.Create(CultureInfo.InvariantCulture,
                $"{name,-16} fit {fit.TotalSeconds,6:F2} s, ranking {(Stopwatch.GetElapsedTime(start) - fit).TotalSeconds,6:F2} s"));
        }
        Run(Als, () => new FactorRecommender(saved.Model.UserFactors, saved.Model.ItemFactors));
        Run(Popularity, () => new PopularityBaseline(train));
        Run(KnnCosine, () => ItemKnn.Fit(train, ItemKnnWeighting.Cosine, neighbours, threads));
        Run(KnnBm25, () => ItemKnn.Fit(train, ItemKnnWeighting.Bm25, neighbours, threads));
        return new EvaluationReport(cutoffs, users.Length, dataset.Folder, models);
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
        var table = new Table().AddColumns("K", "model", "Precision", "Recall", "NDCG", "MAP", "HitRate", "Coverage");
        for (int c = 2; c < 8; c++) table.Columns[c].RightAligned();
        table.Columns[0].RightAligned();
        for (int cutoff = 0; cutoff < report.K.Count; cutoff++)
        {
            foreach (ModelEvaluation model in report.Models)
            {
                CutoffMetrics m = model.Metrics[cutoff];
                table.AddRow(m.K.ToString(CultureInfo.InvariantCulture), model.Name, F(m.Precision), F(m.Recall), F(m.Ndcg), F(m.Map), F(m.HitRate), F(m.Coverage));
            }
            if (cutoff < report.K.Count - 1) table.AddEmptyRow();
        }
        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{report.Users:N0} test users; train artists excluded; item-KNN: {neighbours} neighbours per artist, BM25 K1 = {ItemKnn.Bm25K1}, B = {ItemKnn.Bm25B}"));
        console.Write(table);
    }

    private static string F(double value) => value.ToString("F4", CultureInfo.InvariantCulture);
}
