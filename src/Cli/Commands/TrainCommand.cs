using System.CommandLine;
using Cli.Options;
using Cli.Runs;
using Data.Datasets;
using Parquet;
using Spectre.Console;

namespace Cli.Commands;

/// <summary><c>als train</c>: ALS on a prepared dataset, with ranking metrics per iteration and the model saved in the run folder.</summary>
internal static class TrainCommand
{
    /// <summary>Test users evaluated after every iteration by default: a seeded sample keeps evaluation to a fraction of an iteration on the 360K data.</summary>
    internal const int DefaultEvalUsers = 5_000;

    public static Command Create(IAnsiConsole console)
    {
        var als = new AlsOptionSet();
        var data = new Option<DirectoryInfo>("--data") { Description = "A dataset folder written by `als prepare`.", Required = true };
        var output = new Option<string?>("--out") { Description = "Run folder for metrics.jsonl, baseline.json and model/ (default: a new folder under runs/)." };
        var evaluation = new EvaluationOptionSet(DefaultEvalUsers);
        var command = new Command("train", "Train implicit ALS on a prepared dataset.") { data, output };
        evaluation.AddTo(command);
        als.AddTo(command);
        command.SetAction((parse, cancellationToken) => Task.FromResult(Run(console, parse.InvocationConfiguration.Error, parse.GetRequiredValue(data).FullName,
            parse.GetValue(output), als.Read(parse), evaluation.Read(parse, parse.GetValue(als.Seed)), cancellationToken)));
        return command;
    }

    internal static int Run(IAnsiConsole console, TextWriter error, string data, string? output, Linalg.Als.AlsOptions options,
        EvaluationSettings evaluation, CancellationToken cancellationToken)
    {
        PreparedDataset dataset;
        RunDirectory run;
        try
        {
            dataset = PreparedDataset.Open(data);
            run = RunDirectory.Create(output, "train");
        }
        catch (Exception problem) when (problem is InvalidDataException or IOException)
        {
            error.WriteLine("als train: " + problem.Message);
            return ExitCodes.UsageError;
        }
        try
        {
            DatasetTraining.Run(console, dataset, options, evaluation, run, cancellationToken);
        }
        catch (Exception problem) when (problem is InvalidDataException or ParquetException)
        {
            error.WriteLine("als train: " + problem.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("als train: stopped; the metrics of finished iterations are in " + run.Path);
            return ExitCodes.Cancelled;
        }
        console.WriteLine("Run folder: " + run.Path);
        return ExitCodes.Success;
    }
}
