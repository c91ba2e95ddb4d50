using System.CommandLine;
using System.Globalization;
using Cli.Cluster;
using Cli.Options;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als train</c>: ALS on a prepared dataset through the coordinator and block actors. By default a cluster of one
/// node on 127.0.0.1 (a free port) holding both roles; with <c>--workers 0</c> a coordinator-only node that waits for
/// <c>als worker --join</c> nodes. A checkpoint after every iteration; <c>--resume</c> continues a run from its newest
/// sound checkpoint.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Blocks in flight in this process by default: their rows share --threads, one can write while the other solves.</summary>
    internal const int DefaultInProcessWorkers = 2;

    public static Command Create(IAnsiConsole console)
    {
        var training = new TrainingOptionSet();
        var workers = new Option<int>("--workers")
        {
            Description = "Blocks in flight in this process (their rows share --threads; a finished one writes while the others solve); 0: coordinate only and wait for `als worker` nodes.",
            DefaultValueFactory = _ => DefaultInProcessWorkers,
        };
        AlsOptionSet.AddRange(workers, 0, 256);
        var command = new Command("train", "Train implicit ALS on a prepared dataset with the coordinator and block actors (a one-node cluster by default).") { workers };
        training.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            int count = parse.GetValue(workers);
            TrainingRequest request = training.Read(parse, "train", count, count == DefaultInProcessWorkers ? "" : string.Create(CultureInfo.InvariantCulture, $" --workers {count}"));
            return await DistributedTraining.RunAsync(console, parse.InvocationConfiguration.Error, request, startWorkers: null, cancellationToken);
        });
        return command;
    }
}
