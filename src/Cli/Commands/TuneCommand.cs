using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cli.Datasets;
using Cli.Options;
using Cli.Progress;
using Cli.Tuning;
using Data.Datasets;
using Linalg.Sparse;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als tune</c>: successive halving (or random search) over confidence mode, factors, regularization, alpha, epsilon
/// and iterations, each trial trained in memory and scored by P@10 on validation rows carved from train (never the test
/// split). Ranges come from the built-in grid, <c>--search FILE.json</c> and <c>--grid KEY=V1,V2</c>. Prints the trials
/// best first, writes DIR/tune.json and the <c>./als train</c> command line of the best trial.
/// </summary>
internal static class TuneCommand
{
    /// <summary>Points drawn by default: with halving (η = 3) 20 + 7 + 3 trials, a few minutes on the 20k preset.</summary>
    internal const int DefaultTrials = 20;

    /// <summary>Most points a search may draw: a budget, not a grid size, so a larger space is sampled.</summary>
    internal const int MaxTrials = 10_000;

    public static Command Create(IAnsiConsole console)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A dataset folder written by `als prepare` (only its training rows are read).", Required = true };
        var trials = new Option<int>("--trials")
        {
            Description = "Points drawn from the grid (all of it when it has fewer). Halving trains them all at the fewest iterations, then the best 1/eta at each larger count.",
            DefaultValueFactory = _ => DefaultTrials,
        };
        var strategy = new Option<string>("--strategy")
        {
            Description = "halving (successive halving, iterations are the budget) or random (every point trains its drawn iterations).",
            DefaultValueFactory = _ => "halving",
        };
        var eta = new Option<int>("--eta") { Description = "Halving: keep the best 1/eta of the points at each iteration count.", DefaultValueFactory = _ => SuccessiveHalving.DefaultEta };
        var grid = new Option<string[]>("--grid")
        {
            Description = "KEY=V1,V2,...: the values to search for one train option (confidence, factors, regularization, alpha, epsilon, iterations); repeat for more keys.",
            AllowMultipleArgumentsPerToken = false,
            HelpName = "key=values",
        };
        var search = new Option<FileInfo?>("--search") { Description = "A JSON file of KEY: [values] (the --grid keys); --grid entries replace its lists." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draws, the validation set and the initial factors.", DefaultValueFactory = _ => Linalg.Als.AlsDefaults.Seed };
        var output = new Option<string?>("--out") { Description = $"Folder for {TuneResults.FileName} (default: a new folder under runs/). A later `als train --out` into it puts the sensitivity in the report." };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores). Results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var validationUsers = EvalUsersOption.Create("Users whose training rows give validation rows: all eligible, or a seeded sample of N.",
            HyperparameterSearch.DefaultValidationUsers.ToString(CultureInfo.InvariantCulture), allowNone: false);
        AlsOptionSet.AddRange(trials, 1, MaxTrials);
        AlsOptionSet.AddRange(eta, 2, SuccessiveHalving.MaxEta);
        AlsOptionSet.AddRange(threads, 1, 4096);
        AlsOptionSet.AcceptChoices(strategy, "halving", "random");
        var command = new Command("tune", "Successive halving (or random search) of ALS hyperparameters, scored by P@10 on validation rows carved from train.")
        {
            data, trials, strategy, eta, grid, search, seed, output, threads, validationUsers,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(console, parse.InvocationConfiguration.Error, new TuneRequest(
            parse.GetRequiredValue(data).FullName, parse.GetValue(trials), parse.GetValue(strategy) == "random" ? TuneStrategy.Random : TuneStrategy.Halving,
            parse.GetValue(eta), parse.GetValue(grid) ?? [], parse.GetValue(search)?.FullName, parse.GetValue(seed), parse.GetValue(output), parse.GetValue(threads),
            EvalUsersOption.Read(parse, validationUsers, allowNone: false)), cancellationToken)));
        return command;
    }

    /// <summary>What the options ask for.</summary>
    private sealed record TuneRequest(string Data, int Trials, TuneStrategy Strategy, int Eta, string[] Grid, string? SearchFile, ulong Seed, string? Output,
        int Threads, int ValidationUsers);

    private static int Run(IAnsiConsole console, TextWriter error, TuneRequest request, CancellationToken cancellationToken)
    {
        SearchSpace space;
        try
        {
            space = SearchSpaceReader.Read(request.SearchFile, request.Grid);
        }
        catch (FormatException problem)
        {
            error.WriteLine($"als tune: {problem.Message}");
            return ExitCodes.UsageError;
        }
        string output = request.Output ?? Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"tune-{DateTime.Now:yyyyMMdd-HHmmss}"));
        string file = Path.Combine(output, TuneResults.FileName);
        if (File.Exists(file))
        {
            error.WriteLine($"als tune: {file} already exists; choose another --out.");
            return ExitCodes.UsageError;
        }
        var clock = Stopwatch.StartNew();
        PreparedDataset dataset = DatasetArgument.Open(request.Data);
        CsrMatrix train = dataset.LoadTrain();
        IReadOnlyList<SearchPoint> points = HyperparameterSearch.Draw(space, request.Strategy, request.Trials, request.Seed);
        try
        {
            HyperparameterSearch.EnsureTrainable(train, dataset.Folder, points, request.Seed);
        }
        catch (ArgumentException problem)
        {
            error.WriteLine($"als tune: {problem.Message}");
            return ExitCodes.UsageError;
        }
        int total = HyperparameterSearch.TrialCount(space, request.Strategy, points.Count, request.Eta);
        int gridSize = space.Points(withIterations: request.Strategy == TuneStrategy.Random).Count;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tuning on {dataset.Folder}: {train.Rows:N0} users x {train.Columns:N0} artists, {train.NonZeros:N0} training rows (test rows are not read); " +
            $"{points.Count} of {gridSize} grid points{(points.Count < request.Trials ? $" (the whole grid; --trials {request.Trials} asked for more)" : "")}, " +
            $"{Schedule(space, request, points.Count)}, seed {request.Seed}, {request.Threads} threads."));
        TuneResults results;
        try
        {
            results = ProgressReporter.Run(console, "tune", progress =>
            {
                progress.Stage(string.Create(CultureInfo.InvariantCulture,
                    $"validation: {HyperparameterSearch.DefaultValidationFraction:P0} of the training artists of {(request.ValidationUsers == 0 ? "every eligible user" : request.ValidationUsers.ToString("N0", CultureInfo.InvariantCulture) + " sampled users")}"));
                return HyperparameterSearch.Run(train, dataset.Folder, space, points, request.Strategy, request.Eta, request.Seed, request.ValidationUsers, request.Threads,
                    (done, trial) => progress.Advance(done, total, string.Create(CultureInfo.InvariantCulture,
                        $"trial {done}/{total}: {(request.Strategy == TuneStrategy.Halving ? $"point {trial.Point} rung {trial.Rung} " : "")}{Parameters(trial)} -> P@10 {trial.Precision:F4}, NDCG@10 {trial.Ndcg:F4} ({trial.Seconds:F1} s)")),
                    cancellationToken);
            });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("als tune: stopped; nothing was written.");
            return ExitCodes.Cancelled;
        }
        Directory.CreateDirectory(output);
        results.Write(file);
        WriteTable(console, results);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best: trial {results.Best.Trial} (point {results.Best.Point}), P@10 {results.Best.Precision:F4}, NDCG@10 {results.Best.Ndcg:F4} on {results.ValidationUsers:N0} validation users. Wrote {file} in {clock.Elapsed.TotalSeconds:F1} s."));
        console.WriteLine("Train with the best parameters:");
        console.WriteLine(results.TrainOptions);
        return ExitCodes.Success;
    }

    /// <summary>"halving (eta 3): 20 points at 2 iterations, 7 at 6, 3 at 18" or "random search".</summary>
    private static string Schedule(SearchSpace space, TuneRequest request, int points) => request.Strategy == TuneStrategy.Random
        ? "random search"
        : string.Create(CultureInfo.InvariantCulture, $"halving (eta {request.Eta}): ") + string.Join(", ",
            SuccessiveHalving.Rungs(points, space.Iterations, request.Eta).Select((rung, index) =>
                string.Create(CultureInfo.InvariantCulture, $"{rung.Points}{(index == 0 ? " points" : "")} at {rung.Iterations} iterations")));

    /// <summary>"confidence=log k=64 lambda=0.1 alpha=1 iterations=6" for progress lines.</summary>
    private static string Parameters(TuneTrial trial) => string.Create(CultureInfo.InvariantCulture,
        $"confidence={AlsOptionSet.ConfidenceName(trial.Confidence)} k={trial.Factors} lambda={trial.Regularization} alpha={trial.Alpha}{(trial.Confidence == Linalg.Als.ConfidenceMode.Log ? $" epsilon={trial.Epsilon}" : "")} iterations={trial.Iterations}");

    private static void WriteTable(IAnsiConsole console, TuneResults results)
    {
        var table = new Table().AddColumns("rank", "trial", "point", "rung", "confidence", "k", "lambda", "alpha", "epsilon", "iterations", "P@10", "NDCG@10", "seconds");
        for (int column = 0; column < table.Columns.Count; column++) table.Columns[column].RightAligned();
        int rank = 0;
        foreach (TuneTrial trial in results.Trials.OrderByDescending(trial => trial.Precision).ThenByDescending(trial => trial.Ndcg).ThenBy(trial => trial.Trial))
            table.AddRow(
                (++rank).ToString(CultureInfo.InvariantCulture), trial.Trial.ToString(CultureInfo.InvariantCulture), trial.Point.ToString(CultureInfo.InvariantCulture),
                trial.Rung.ToString(CultureInfo.InvariantCulture), AlsOptionSet.ConfidenceName(trial.Confidence), trial.Factors.ToString(CultureInfo.InvariantCulture),
                trial.Regularization.ToString(CultureInfo.InvariantCulture), trial.Alpha.ToString(CultureInfo.InvariantCulture),
                trial.Confidence == Linalg.Als.ConfidenceMode.Log ? trial.Epsilon.ToString(CultureInfo.InvariantCulture) : "-",
                trial.Iterations.ToString(CultureInfo.InvariantCulture), trial.Precision.ToString("F4", CultureInfo.InvariantCulture),
                trial.Ndcg.ToString("F4", CultureInfo.InvariantCulture), trial.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        table.Caption(string.Create(CultureInfo.InvariantCulture,
            $"{results.Trials.Count} trials ({(results.Strategy == TuneStrategy.Halving ? $"successive halving, eta {results.Eta}" : "random search")}), best first; P@10 on {results.ValidationUsers:N0} validation users"));
        console.Write(table);
    }
}
