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
/// <c>als tune</c>: random search of factors, regularization, iterations and alpha, each trial trained in memory and
/// scored by P@10 on validation rows carved from train (never the test split). Prints the trials best first, writes
/// DIR/tune.json and the <c>./als train</c> command line of the best trial.
/// </summary>
internal static class TuneCommand
{
    /// <summary>Trials by default: about a tenth of the grid, a few minutes on the 20k preset.</summary>
    internal const int DefaultTrials = 20;

    public static Command Create(IAnsiConsole console)
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "A dataset folder written by `als prepare` (only its training rows are read).", Required = true };
        var trials = new Option<int>("--trials") { Description = $"Trials: distinct random points of the {SearchSpace.Size}-point grid.", DefaultValueFactory = _ => DefaultTrials };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the draws, the validation set and the initial factors.", DefaultValueFactory = _ => Linalg.Als.AlsDefaults.Seed };
        var output = new Option<string?>("--out") { Description = $"Folder for {TuneResults.FileName} (default: a new folder under runs/). A later `als train --out` into it puts the sensitivity in the report." };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores). Results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var validationUsers = EvalUsersOption.Create("Users whose training rows give validation rows: all eligible, or a seeded sample of N.",
            HyperparameterSearch.DefaultValidationUsers.ToString(CultureInfo.InvariantCulture), allowNone: false);
        AlsOptionSet.AddRange(trials, 1, SearchSpace.Size);
        AlsOptionSet.AddRange(threads, 1, 4096);
        var command = new Command("tune", "Random search of ALS hyperparameters, scored by P@10 on validation rows carved from train.")
        {
            data, trials, seed, output, threads, validationUsers,
        };
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(console, parse.InvocationConfiguration.Error,
            parse.GetRequiredValue(data).FullName, parse.GetValue(trials), parse.GetValue(seed), parse.GetValue(output), parse.GetValue(threads),
            EvalUsersOption.Read(parse, validationUsers, allowNone: false), cancellationToken)));
        return command;
    }

    private static int Run(IAnsiConsole console, TextWriter error, string data, int trials, ulong seed, string? output, int threads, int validationUsers,
        CancellationToken cancellationToken)
    {
        output ??= Path.Combine("runs", string.Create(CultureInfo.InvariantCulture, $"tune-{DateTime.Now:yyyyMMdd-HHmmss}"));
        string file = Path.Combine(output, TuneResults.FileName);
        if (File.Exists(file))
        {
            error.WriteLine($"als tune: {file} already exists; choose another --out.");
            return ExitCodes.UsageError;
        }
        var clock = Stopwatch.StartNew();
        PreparedDataset dataset = DatasetArgument.Open(data);
        CsrMatrix train = dataset.LoadTrain();
        Directory.CreateDirectory(output);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Tuning on {dataset.Folder}: {train.Rows:N0} users x {train.Columns:N0} artists, {train.NonZeros:N0} training rows (test rows are not read); " +
            $"{trials} of {SearchSpace.Size} grid points, seed {seed}, {threads} threads."));
        TuneResults results;
        try
        {
            results = ProgressReporter.Run(console, "tune", progress =>
            {
                progress.Stage(string.Create(CultureInfo.InvariantCulture,
                    $"validation: {HyperparameterSearch.DefaultValidationFraction:P0} of the training artists of {(validationUsers == 0 ? "every eligible user" : validationUsers.ToString("N0", CultureInfo.InvariantCulture) + " sampled users")}"));
                return HyperparameterSearch.Run(train, dataset.Folder, trials, seed, validationUsers, threads,
                    (done, trial) => progress.Advance(done, trials, string.Create(CultureInfo.InvariantCulture,
                        $"trial {done}/{trials}: k={trial.Factors} lambda={trial.Regularization} iterations={trial.Iterations} alpha={trial.Alpha} -> P@10 {trial.Precision:F4}, NDCG@10 {trial.Ndcg:F4} ({trial.Seconds:F1} s)")),
                    cancellationToken);
            });
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("als tune: stopped; nothing was written.");
            return ExitCodes.Cancelled;
        }
        results.Write(file);
        WriteTable(console, results);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Best: trial {results.Best.Trial}, P@10 {results.Best.Precision:F4} on {results.ValidationUsers:N0} validation users. Wrote {file} in {clock.Elapsed.TotalSeconds:F1} s."));
        console.WriteLine("Train with the best parameters:");
        console.WriteLine(results.TrainOptions);
        return ExitCodes.Success;
    }

    private static void WriteTable(IAnsiConsole console, TuneResults results)
    {
        var table = new Table().AddColumns("rank", "trial", "k", "lambda", "iterations", "alpha", "P@10", "NDCG@10", "seconds");
        for (int column = 0; column < table.Columns.Count; column++) table.Columns[column].RightAligned();
        int rank = 0;
        foreach (TuneTrial trial in results.Trials.OrderByDescending(trial => trial.Precision).ThenBy(trial => trial.Trial))
            table.AddRow(
                (++rank).ToString(CultureInfo.InvariantCulture), trial.Trial.ToString(CultureInfo.InvariantCulture), trial.Factors.ToString(CultureInfo.InvariantCulture),
                trial.Regularization.ToString(CultureInfo.InvariantCulture), trial.Iterations.ToString(CultureInfo.InvariantCulture),
                trial.Alpha.ToString(CultureInfo.InvariantCulture), trial.Precision.ToString("F4", CultureInfo.InvariantCulture),
                trial.Ndcg.ToString("F4", CultureInfo.InvariantCulture), trial.Seconds.ToString("F1", CultureInfo.InvariantCulture));
        table.Caption(string.Create(CultureInfo.InvariantCulture, $"{results.Trials.Count} trials, best first; P@10 on {results.ValidationUsers:N0} validation users"));
        console.Write(table);
    }
}
