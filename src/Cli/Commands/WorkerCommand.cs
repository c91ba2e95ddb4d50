using System.CommandLine;
using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Cli.Health;
using Cli.Models;
using Cli.Options;
using Coordinator;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als worker --join HOST:PORT</c>: a worker node. Joins the cluster through the given seed, hosts block entities
/// until stopped (Ctrl-C or SIGTERM: it leaves the cluster through CoordinatedShutdown, its shards move to the other
/// nodes, and it exits 0), or until the cluster removes it or has had no coordinator for a while.
/// </summary>
internal static class WorkerCommand
{
    /// <summary>A worker whose cluster has had no coordinator for this long after having had one leaves: its run is over or its coordinator is gone for good.</summary>
    internal static readonly TimeSpan CoordinatorAbsence = TimeSpan.FromSeconds(60);

    /// <summary>How often the worker looks at the cluster's members.</summary>
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(1);

    public static Command Create(IAnsiConsole console)
    {
        var cluster = new ClusterOptionSet();
        var join = new Option<string>("--join") { Description = "HOST:PORT of a node of the cluster (the address `als train` or `als cluster` prints).", Required = true };
        var threads = new Option<int>("--threads") { Description = "Solver threads of this node, all blocks together (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var blocks = new Option<int>("--blocks") { Description = "Blocks in flight in this process: their rows share --threads; a finished one writes while the others solve.", DefaultValueFactory = _ => 2 };
        AlsOptionSet.AddRange(threads, 1, 4096);
        AlsOptionSet.AddRange(blocks, 1, 64);
        var command = new Command("worker", "Run a worker node: join a training cluster and solve and evaluate its blocks.") { join, threads, blocks };
        cluster.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            string storePath = parse.GetValue(cluster.Store)
                ?? throw new CommandProblem("--store is required: the factor store folder the coordinator uses.");
            string seed = parse.GetValue(join)!;
            NodeHost.ParseJoin(seed);                                   // a bad --join reaches FailureReport: one sentence, exit 2
            var network = cluster.Read(parse);
            NodeHost? up = null;
            await using HealthEndpoint? health = HealthEndpoint.ForNode(network.ManagementPort, () => Volatile.Read(ref up), cancellationToken);
            string name = string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}");
            Say(console, $"worker {name} joining {seed}");
            // A certificate that cannot be used is an InvalidInputException: one sentence and exit code 2 from FailureReport.
            NodeHost host = await NodeHost.StartAsync(new NodeOptions(network.Hostname, network.PublicHostname, network.Port, seed, storePath,
                parse.GetValue(threads), parse.GetValue(blocks), Console.Out, network.TlsCertificate), coordinator: null, CancellationToken.None);
            Volatile.Write(ref up, host);
            Akka.Cluster.Cluster.Get(host.System).RegisterOnMemberUp(() => Say(console, $"worker {name} joined the cluster at {host.Address}, store {storePath}, {host.Worker!.Threads} threads, {host.Worker!.BlocksInFlight} blocks in flight"));
            int code = ExitCodes.Success;
            string reason = "stopped";
            DateTime? lastCoordinator = null;
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    Task tick = Task.Delay(Look, cancellationToken);
                    if (await Task.WhenAny(tick, host.Terminated) == host.Terminated)
                    {
                        // Stopped by a signal (the runtime's exit hook runs CoordinatedShutdown too), or downed by the cluster.
                        if (cancellationToken.IsCancellationRequested || host.ShutdownReason is CoordinatedShutdown.ClrExitReason) break;
                        reason = $"was removed from the cluster ({host.ShutdownReason?.GetType().Name ?? "the actor system stopped"})";
                        code = ExitCodes.Failure;
                        break;
                    }
                    var self = Akka.Cluster.Cluster.Get(host.System);
                    if (self.State.Members.Any(m => m.HasRole(NodeRoles.Coordinator) && m.Status == MemberStatus.Up)) lastCoordinator = DateTime.UtcNow;
                    else if (lastCoordinator is { } seen && DateTime.UtcNow - seen > CoordinatorAbsence)
                    {
                        reason = string.Create(CultureInfo.InvariantCulture, $"left: the cluster has had no coordinator for {CoordinatorAbsence.TotalSeconds:F0} s");
                        break;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // SIGTERM or Ctrl-C: leave below.
            }
            int finished = host.Worker!.FinishedBlocks;
            await host.DisposeAsync();
            Say(console, $"worker {name} {reason} after {finished} blocks; store: read {host.Worker.Store.BytesRead / 1e6:F1} MB, wrote {host.Worker.Store.BytesWritten / 1e6:F1} MB; peak RSS {PeakRssMegabytes():F0} MB");
            return code;
        });
        return command;
    }

    /// <summary>This process's peak resident set (VmHWM on Linux), for the operator and the benchmark.</summary>
    private static double PeakRssMegabytes()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        return self.PeakWorkingSet64 / 1e6;
    }

    private static void Say(IAnsiConsole console, string line) =>
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {line}"));
}
