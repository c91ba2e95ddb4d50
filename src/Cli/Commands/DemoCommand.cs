using System.CommandLine;
using System.Globalization;
using Cli.Datasets;
using Cli.Options;
using Cli.Runs;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als demo</c>: the whole job on an embedded default. Generates the <c>small</c> Last.fm-shaped preset,
/// filters and splits it per the evaluation protocol, trains single-process ALS with a metrics row per
/// iteration, and ends with ALS beside the popularity baseline.
/// </summary>
internal static class DemoCommand
{
    /// <summary>Default evaluation cutoff K.</summary>
    private const int DefaultCutoff = 10;

    public static Command Create(IAnsiConsole console)
    {
        var als = new AlsOptionSet();
        var preset = PresetOption.Create("small");
        var dataSeed = new Option<ulong>("--data-seed")
        {
            Description = "Seed of the synthetic data and of the train/test split.",
            DefaultValueFactory = _ => DatasetDefaults.Seed,
        };
        var cutoff = new Option<int>("--k") { Description = "Cutoff K of the ranking metrics.", DefaultValueFactory = _ => DefaultCutoff };
        var evalUsers = new Option<int>("--eval-users")
        {
            Description = "Test users evaluated after every iteration (a seeded sample; 0 = all).",
            DefaultValueFactory = _ => 0,
        };
        var output = new Option<string?>("--out") { Description = "Run folder for metrics.jsonl and baseline.json (default: a new folder under runs/)." };
        AlsOptionSet.AddRange(cutoff, 1, 1_000);
        AlsOptionSet.AddRange(evalUsers, 0, int.MaxValue);

        var command = new Command("demo", "Generate a small Last.fm-shaped dataset, train ALS on it and compare with popularity.")
        {
            preset, dataSeed, cutoff, evalUsers, output,
        };
        als.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(console, parse.GetRequiredValue(preset), parse.GetValue(dataSeed),
            als.Read(parse), new EvaluationSettings(parse.GetValue(cutoff), parse.GetValue(evalUsers), parse.GetValue(dataSeed)),
            parse.GetValue(output), cancellationToken)));
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

    private static int Run(IAnsiConsole console, string preset, ulong dataSeed, Linalg.Als.AlsOptions options,
        EvaluationSettings evaluation, string? output, CancellationToken cancellationToken)
    {
        RunDirectory run;
        try
        {
            run = RunDirectory.Create(output, "demo");
        }
        catch (IOException error)
        {
            console.WriteLine("als demo: " + error.Message);
            return ExitCodes.UsageError;
        }

        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Generating the '{preset}' preset (seed {dataSeed})..."));
        InMemoryDataset data = InMemoryDataset.Build(preset, dataSeed, options.Threads);
        console.WriteLine(data.Describe());
        console.WriteLine("Training ALS: " + Describe(options));
        try
        {
            InMemoryTrainingRun.Run(data.Train, data.TrainByItem, data.Test, options, evaluation, run, console, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            console.WriteLine("Stopped; the metrics of finished iterations are in " + run.Path);
            return ExitCodes.Cancelled;
        }
        console.WriteLine("Run folder: " + run.Path);
        return ExitCodes.Success;
    }
}
