using System.CommandLine;
using System.Globalization;
using Cli.Cluster;
using Cli.Options;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als cluster</c>: a local multi-process cluster. Checks the broker, plans (or finds) the run, starts N
/// <c>als worker</c> processes on its store, coordinates them from this process through RabbitMQ, streams progress,
/// and stops the workers at the end and on Ctrl-C.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>Worker processes by default.</summary>
    internal const int DefaultWorkers = 2;

    public static Command Create(IAnsiConsole console)
    {
        var training = new TrainingOptionSet();
        var workers = new Option<int>("--workers") { Description = "Worker processes to start.", DefaultValueFactory = _ => DefaultWorkers };
        var threads = new Option<int?>("--worker-threads") { Description = "Threads per worker process (default: the cores shared out among the workers)." };
        AlsOptionSet.AddRange(workers, 1, 256);
        var command = new Command("cluster", "Train on a local cluster: this process coordinates, N worker processes solve, through RabbitMQ.") { workers, threads };
        training.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            BrokerAddress broker;
            try
            {
                broker = training.Cluster.ResolveBroker(parse);
            }
            catch (ArgumentException problem)
            {
                await error.WriteLineAsync("als cluster: " + problem.Message);
                await error.WriteLineAsync("als cluster: start a local broker with `deploy/local/broker.sh start .broker` and pass --broker-file .broker/broker.uri.");
                return ExitCodes.UsageError;
            }
            if (!await broker.IsReachableAsync(TimeSpan.FromSeconds(5)))
            {
                await error.WriteLineAsync($"als cluster: the broker {broker} is not reachable.");
                await error.WriteLineAsync("als cluster: start a local one with `deploy/local/broker.sh start .broker` (RabbitMQ from the Debian package) and pass --broker-file .broker/broker.uri.");
                return ExitCodes.UsageError;
            }
            int count = parse.GetValue(workers);
            int perWorker = parse.GetValue(threads) ?? Math.Max(1, Environment.ProcessorCount / count);
            TrainingRequest request = training.Read(parse, workers: 0, broker);
            return await DistributedTraining.RunAsync(console, error, request, (store, run) =>
            {
                WorkerProcesses started = WorkerProcesses.Start(count, broker, store.Root, perWorker, Path.Combine(run.Path, "workers"), error);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Started {count} worker processes x {perWorker} threads (pids {string.Join(", ", started.Ids)}); logs in {Path.Combine(run.Path, "workers")}."));
                return started;
            }, cancellationToken);
        });
        return command;
    }
}
