using System.CommandLine;
using System.Globalization;
using Cli.Cluster;
using Cli.Options;
using Coordinator;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als cluster</c>: a local multi-process cluster. Plans (or finds) the run, starts a coordinator-only node here, then N
/// <c>als worker</c> processes that join it through it as their static seed, streams progress, and stops the workers
/// (SIGTERM: they leave the cluster) at the end and on Ctrl-C.
/// </summary>
internal static class ClusterCommand
{
    /// <summary>The throwaway certificate's file name in its temporary folder.</summary>
    internal const string CertificateFile = "cluster.pem";

    /// <summary>Worker processes by default.</summary>
    internal const int DefaultWorkers = 2;

    public static Command Create(IAnsiConsole console)
    {
        var training = new TrainingOptionSet();
        var workers = new Option<int>("--workers") { Description = "Worker processes to start.", DefaultValueFactory = _ => DefaultWorkers };
        var threads = new Option<int?>("--worker-threads") { Description = "Threads per worker process (default: every core; the workers share them, so one that waits at the end of a half-step leaves its cores to the others)." };
        AlsOptionSet.AddRange(workers, 1, 256);
        var command = new Command("cluster", "Train on a local cluster: this process coordinates, N worker processes join it and solve.") { workers, threads };
        training.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            TextWriter error = parse.InvocationConfiguration.Error;
            int count = parse.GetValue(workers);
            // Every worker may use every core: a half-step ends when the last worker's last block does, and a worker that
            // finished its blocks first (0.03–0.25 s before the other on the 360k preset with a core each) leaves its core
            // idle unless the other can take it. The operating system shares the cores while both solve.
            int perWorker = parse.GetValue(threads) ?? Environment.ProcessorCount;
            TrainingRequest request = training.Read(parse, "cluster", workers: 0, string.Create(CultureInfo.InvariantCulture, $" --workers {count}")) with { StartedWorkerNodes = count };
            DirectoryInfo? throwaway = null;
            if (request.Network.TlsCertificate is null)
            {
                // A throwaway certificate for this cluster alone, readable by this user only, deleted when the run ends.
                throwaway = Directory.CreateTempSubdirectory("als-cluster-");
                string certificate = Path.Combine(throwaway.FullName, CertificateFile);
                NodeCertificate.WriteThrowaway(certificate);
                request = request with { Network = request.Network with { TlsCertificate = certificate } };
            }
            try
            {
                return await DistributedTraining.RunAsync(console, error, request, (host, session) =>
                {
                    string logs = Path.Combine(session.RunFolder, "workers");
                    WorkerProcesses started = WorkerProcesses.Start(count, host.Address, session.Reference.Store, perWorker, request.Network.TlsCertificate!, logs, error);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"Started {count} worker processes x {perWorker} threads joining {host.Address} over TLS (pids {string.Join(", ", started.Ids)}); logs in {logs}."));
                    return started;
                }, cancellationToken);
            }
            finally
            {
                throwaway?.Delete(recursive: true);
            }
        });
        return command;
    }
}
