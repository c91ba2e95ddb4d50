using System.CommandLine;
using System.Globalization;
using Cli.Cluster;
using Cli.Datasets;
using Data.Datasets;
using Data.Synthetic;
using Cli.Options;
using Cli.Runs;
using Data.Runs;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als demo</c>: the whole job on an embedded default. Writes the <c>small</c> Last.fm-shaped preset as a
/// TSV (synth), prepares it into a dataset (filters, per-user split, blocks), trains single-process ALS with a
/// metrics row per iteration, saves the model and ends with ALS beside the popularity baseline.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var als = new AlsOptionSet();
        var preset = PresetOption.Create("small");
        var dataSeed = new Option<ulong?>("--data-seed")
        {
            Description = "Seed of the synthetic data and of the train/test split (default: --seed, so one seed fixes the whole demo).",
        };
        var evaluation = new EvaluationOptionSet(defaultEvalUsers: 0);
        var output = new Option<string?>("--out") { Description = "Run folder for metrics.jsonl and baseline.json (default: a new folder under runs/)." };

        var command = new Command("demo", "Generate a small Last.fm-shaped dataset, train ALS on it and compare with popularity.")
        {
            preset, dataSeed, output,
        };
        evaluation.AddTo(command);
        als.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            ulong seed = parse.GetValue(dataSeed) ?? parse.GetValue(als.Seed);
            return RunAsync(console, parse.GetRequiredValue(preset), seed, als.Read(parse), evaluation.Read(parse, seed), parse.GetValue(output), cancellationToken);
        });
        return command;
    }

    /// <summary>The parameters in one line, for the log.</summary>
    internal static string Describe(Linalg.Als.AlsOptions options)
    {
        string solver = options.Solver == Linalg.Als.AlsSolver.ConjugateGradient
            ? string.Create(CultureInfo.InvariantCulture, $"cg ({options.CgSteps} steps)")
            : "cholesky";
        return string.Create(CultureInfo.InvariantCulture,
            $"k = {options.Factors}, lambda = {options.Regularization}, alpha = {options.Alpha}, confidence {AlsOptionSet.ConfidenceName(options.Confidence)}, " +
            $"{solver}, {options.Iterations} iterations, {options.Threads} threads");
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string preset, ulong dataSeed, Linalg.Als.AlsOptions options,
        EvaluationSettings evaluation, string? output, CancellationToken cancellationToken)
    {
        if (output is not null && Directory.Exists(output) && RunDirectory.HoldsRun(output))
            throw new Models.CommandProblem($"the folder {output} already holds a run; choose another --out.");
        RunDirectory run = RunDirectory.Create(output, "demo");

        // The same three steps a user takes with real data: synth (in place of the download), prepare, train.
        string tsv = Path.Combine(run.Path, "data", $"lastfm-{preset}.tsv"), dataset = Path.Combine(run.Path, "data", "dataset");
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"1/3 synth: the '{preset}' preset (seed {dataSeed}) -> {tsv}"));
        SyntheticTsvReport report = SynthCommand.Write(preset, dataSeed, tsv, faults: 0, duplicates: 0);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {report.Lines:N0} lines, {report.Bytes / 1e6:F1} MB"));
        console.WriteLine($"2/3 prepare: -> {dataset}");
        int prepared = PrepareCommand.Run(console, new PrepareOptions { Input = tsv, Output = dataset, Seed = dataSeed, Threads = options.Threads },
            cancellationToken);
        if (prepared != ExitCodes.Success) return prepared;
        console.WriteLine("3/3 train: the coordinator and block actors on a one-node cluster in this process");
        var request = new TrainingRequest("train", dataset, run.Path, options, evaluation, TrainCommand.DefaultInProcessWorkers, NodeNetwork.Local, Store: null,
            TrainingOptionSet.DefaultKeepCheckpoints, Resume: false, StallTimeout: TimeSpan.FromMinutes(5));
        return await DistributedTraining.RunAsync(console, Console.Error, request, startWorkers: null, cancellationToken);
    }
}
