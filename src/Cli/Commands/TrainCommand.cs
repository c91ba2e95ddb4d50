using System.CommandLine;
using Cli.Cluster;
using Cli.Options;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als train</c>: ALS on a prepared dataset through the coordinator and worker actors: in this process on the
/// in-memory transport (default), or coordinating workers of other processes through RabbitMQ. A checkpoint after
/// every iteration; <c>--resume</c> continues a run from its newest sound checkpoint.
/// </summary>
internal static class TrainCommand
{
    /// <summary>Test users evaluated after every iteration by default: a seeded sample keeps evaluation to a fraction of an iteration on the 360K data.</summary>
    internal const int DefaultEvalUsers = 5_000;

    /// <summary>In-process workers by default on the in-memory transport.</summary>
    internal const int DefaultInProcessWorkers = 2;

    /// <summary>Checkpoints kept by default.</summary>
    internal const int DefaultKeepCheckpoints = 3;

    public static Command Create(IAnsiConsole console)
    {
        var als = new AlsOptionSet();
        var evaluation = new EvaluationOptionSet(DefaultEvalUsers);
        var cluster = new ClusterOptionSet();
        var data = new Option<DirectoryInfo?>("--data") { Description = "A dataset folder written by `als prepare` (not needed with --resume)." };
        var output = new Option<string?>("--out") { Description = "Run folder: metrics.jsonl, baseline.json, model/ and (by default) the factor store. Default: a new folder under runs/." };
        var transport = new Option<string>("--transport") { Description = "inmemory (everything in this process) or rabbitmq (workers in other processes).", DefaultValueFactory = _ => "inmemory" };
        transport.AcceptOnlyFromAmong("inmemory", "rabbitmq");
        var workers = new Option<int?>("--workers") { Description = $"Workers in this process (default: {DefaultInProcessWorkers} with inmemory, 0 with rabbitmq)." };
        var keep = new Option<int>("--keep-checkpoints") { Description = "Checkpoints to keep (older iterations' factors are deleted).", DefaultValueFactory = _ => DefaultKeepCheckpoints };
        var resume = new Option<bool>("--resume") { Description = "Continue the run in --out from its newest complete, checksum-valid checkpoint." };
        var stall = new Option<int>("--stall-timeout") { Description = "Seconds without any finished block before the run fails (it can be resumed).", DefaultValueFactory = _ => 600 };
        AlsOptionSet.AddRange(keep, 1, 1000);
        AlsOptionSet.AddRange(stall, 1, 7 * 24 * 3600);
        workers.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int value) && value is < 0 or > 256) result.AddError("--workers must be between 0 and 256.");
        });
        var command = new Command("train", "Train implicit ALS on a prepared dataset with the coordinator and worker actors.")
        {
            data, output, transport, workers, keep, resume, stall,
        };
        evaluation.AddTo(command);
        als.AddTo(command);
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            bool rabbit = parse.GetValue(transport) == "rabbitmq";
            BrokerAddress? broker = null;
            if (rabbit)
            {
                try
                {
                    broker = cluster.ResolveBroker(parse);
                }
                catch (ArgumentException problem)
                {
                    await parse.InvocationConfiguration.Error.WriteLineAsync("als train: " + problem.Message);
                    return ExitCodes.UsageError;
                }
            }
            var request = new TrainingRequest(parse.GetValue(data)?.FullName, parse.GetValue(output), als.Read(parse), evaluation.Read(parse, parse.GetValue(als.Seed)),
                parse.GetValue(workers) ?? (rabbit ? 0 : DefaultInProcessWorkers), broker, parse.GetValue(cluster.Store), parse.GetValue(keep),
                parse.GetValue(resume), TimeSpan.FromSeconds(parse.GetValue(stall)));
            return await DistributedTraining.RunAsync(console, parse.InvocationConfiguration.Error, request, cancellationToken);
        });
        return command;
    }
}
