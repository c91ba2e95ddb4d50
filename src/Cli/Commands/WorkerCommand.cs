using System.CommandLine;
using System.Globalization;
using Cli.Cluster;
using Cli.Health;
using Cli.Options;
using Data.Store;
using Spectre.Console;
using Worker;

namespace Cli.Commands;

/// <summary>
/// <c>als worker</c>: a worker process. Consumes block commands from RabbitMQ until stopped (Ctrl-C or SIGTERM);
/// a block in progress is finished and acknowledged before the process exits.
/// </summary>
internal static class WorkerCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var cluster = new ClusterOptionSet();
        var threads = new Option<int>("--threads") { Description = "Threads per block solve (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var blocks = new Option<int>("--blocks") { Description = "Blocks solved at once in this process.", DefaultValueFactory = _ => 1 };
        AlsOptionSet.AddRange(threads, 1, 4096);
        AlsOptionSet.AddRange(blocks, 1, 64);
        var command = new Command("worker", "Run a worker process: solve and evaluate blocks for any run coordinated through the broker.") { threads, blocks };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            BrokerAddress broker;
            try
            {
                broker = cluster.ResolveBroker(parse);
            }
            catch (ArgumentException problem)
            {
                await error.WriteLineAsync("als worker: " + problem.Message);
                return ExitCodes.UsageError;
            }
            string? storePath = parse.GetValue(cluster.Store);
            if (storePath is null)
            {
                await error.WriteLineAsync("als worker: --store is required: the factor store folder the coordinator uses.");
                return ExitCodes.UsageError;
            }
            var store = new FactorStore(storePath, cacheBlocks: true);
            var identity = WorkerIdentity.ForThisProcess(parse.GetValue(threads));
            BusHost? connected = null;
            await using HealthEndpoint? health = HealthEndpoint.ForBus(parse.GetValue(cluster.HealthPort), () => Volatile.Read(ref connected), cancellationToken);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{DateTime.Now:HH:mm:ss}] worker {identity.Name} connecting to {broker} (retrying until it answers)"));
            BlockLog? blockLog = null;
            try
            {
                await using BusHost host = await BusHost.StartAsync(broker, store, null, null, parse.GetValue(blocks), identity.Threads, cancellationToken);
                blockLog = host.Get<BlockLog>();
                Volatile.Write(ref connected, host);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{DateTime.Now:HH:mm:ss}] worker {identity.Name} connected to {broker}, store {store.Root}, {identity.Threads} threads"));
                await HeartbeatPublisher.RunAsync(host.Bus, identity, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // The bus is stopped by now: a block in progress was finished and answered, or handed back unacknowledged.
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"[{DateTime.Now:HH:mm:ss}] worker {identity.Name} stopped after {blockLog?.FinishedBlocks ?? 0} blocks; store: read {store.BytesRead / 1e6:F1} MB, wrote {store.BytesWritten / 1e6:F1} MB"));
                return ExitCodes.Success;
            }
            catch (Exception problem) when (problem is MassTransit.RabbitMqConnectionException or MassTransit.ConfigurationException)
            {
                if (cancellationToken.IsCancellationRequested)
                {
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] worker {identity.Name} stopped before the broker answered"));
                    return ExitCodes.Success;
                }
                await error.WriteLineAsync("als worker: the broker is not usable: " + problem.Message);
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
