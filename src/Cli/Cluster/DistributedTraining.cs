using System.Diagnostics;
using System.Globalization;
using Cli.Health;
using Cli.Runs;
using Coordinator;
using Data.Datasets;
using Data.Runs;
using Data.Store;
using Linalg.Evaluation;
using Messages;
using Spectre.Console;

namespace Cli.Cluster;

/// <summary>
/// The one training code path: a coordinator and workers exchanging messages, in this process on the in-memory
/// transport, or across processes through RabbitMQ. Plans the run (or finds it, to resume), starts the bus, sends
/// <see cref="StartRun"/>, ticks the coordinator's clock and waits for <see cref="RunFinished"/>.
/// </summary>
internal static class DistributedTraining
{
    /// <summary>How often the coordinator checks for stalls.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);

    /// <summary>How often the progress bar follows the coordinator on a terminal.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the request; returns the exit code.</summary>
    /// <param name="console">Progress and results.</param>
    /// <param name="error">Error lines.</param>
    /// <param name="request">The run.</param>
    /// <param name="startWorkers">Starts workers outside this process once the store is known (a local cluster); disposed at the end.</param>
    /// <param name="cancellationToken">Ctrl-C or SIGTERM: checkpoints are kept.</param>
    public static async Task<int> RunAsync(IAnsiConsole console, TextWriter error, TrainingRequest request,
        Func<FactorStore, RunDirectory, IAsyncDisposable>? startWorkers, CancellationToken cancellationToken)
    {
        RunDirectory run;
        RunReference reference;
        FactorStore store;
        try
        {
            (run, reference, store) = Prepare(console, request);
        }
        catch (Exception problem) when (problem is InvalidDataException or IOException or ArgumentException)
        {
            error.WriteLine("als train: " + problem.Message);
            return ExitCodes.UsageError;
        }

        var monitor = new RunMonitor(console);
        var settings = CoordinatorSettings.Default with { StallTimeout = request.StallTimeout };
        int threads = request.Workers > 0 ? Math.Max(1, request.Options.Threads / request.Workers) : request.Options.Threads;
        var clock = Stopwatch.StartNew();
        RunFinished finished;
        try
        {
            BusHost? connected = null;
            await using HealthEndpoint? health = HealthEndpoint.ForBus(request.HealthPort, () => Volatile.Read(ref connected), cancellationToken);
            await using IAsyncDisposable? outside = startWorkers?.Invoke(store, run);
            await using BusHost host = await BusHost.StartAsync(request.Broker, store, settings, monitor, request.Workers, threads, cancellationToken);
            Volatile.Write(ref connected, host);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Coordinator up ({(request.Broker is null ? "in-memory transport" : "RabbitMQ " + request.Broker)}), {(request.Workers > 0 ? $"{request.Workers} in-process workers x {threads} threads" : "no in-process workers")}; run {reference.RunId:N}."));
            Task<RunFinished> end = monitor.Finished(reference.RunId);
            CoordinatorClock heard = host.Get<CoordinatorClock>();
            await host.Bus.Publish(new StartRun(reference.RunId, request.Resume), cancellationToken);
            // Waits for the end, ticking the coordinator's clock; returns an exit code when the broker is lost for good.
            async Task<int?> WaitAsync(Action? refresh)
            {
                DateTime lastReached = DateTime.UtcNow, lastTick = DateTime.UtcNow;
                while (!end.IsCompleted)
                {
                    await Task.WhenAny(end, Task.Delay(refresh is null ? Tick : Refresh, cancellationToken));
                    cancellationToken.ThrowIfCancellationRequested();
                    refresh?.Invoke();
                    if (end.IsCompleted) break;
                    if (DateTime.UtcNow - lastTick < Tick) continue;
                    lastTick = DateTime.UtcNow;
                    string? lost = await TickAsync(host, reference.RunId, cancellationToken);
                    TimeSpan deaf = DateTime.UtcNow - heard.LastHeardUtc;
                    if (lost is null && deaf > request.StallTimeout + 2 * Tick)
                    {
                        // Ticks leave but never arrive: the coordinator's receive side did not come back after a broker outage.
                        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"als train: the coordinator has received nothing from the broker for {deaf.TotalSeconds:F0} s (its connection is broken); giving up."));
                        error.WriteLine($"als train: checkpoints are kept; continue with: als train --resume --out {run.Path}");
                        return ExitCodes.Failure;
                    }
                    if (lost is null) { lastReached = DateTime.UtcNow; continue; }
                    // The coordinator's own stall clock runs on these ticks, so an unreachable broker is timed here.
                    TimeSpan away = DateTime.UtcNow - lastReached;
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"als train: the broker is not reachable ({lost}); retrying for {Math.Max(0, (request.StallTimeout - away).TotalSeconds):F0} s more."));
                    if (away >= request.StallTimeout)
                    {
                        error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"als train: lost the connection to the broker for {away.TotalSeconds:F0} s; giving up."));
                        error.WriteLine($"als train: checkpoints are kept; continue with: als train --resume --out {run.Path}");
                        return ExitCodes.Failure;
                    }
                }
                return null;
            }

            // On a terminal, a bar shows the blocks of the current iteration; metrics rows and status lines print above it.
            int? lostFor = console.Profile.Capabilities.Interactive
                ? await console.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        ProgressTask bar = context.AddTask("starting", maxValue: 1);
                        return await WaitAsync(() => Show(bar, heard.Progress));
                    })
                : await WaitAsync(null);
            if (lostFor is { } code) return code;
            finished = await end;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine($"als train: stopped. Checkpoints are kept; continue with: als train --resume --out {run.Path}");
            return ExitCodes.Cancelled;
        }
        catch (Exception problem) when (problem is MassTransit.RabbitMqConnectionException or MassTransit.ConfigurationException)
        {
            error.WriteLine("als train: the broker is not usable: " + problem.Message);
            return ExitCodes.Failure;
        }
        catch (Exception problem) when (problem is ObjectDisposedException or IOException or TimeoutException)
        {
            // Transport failures outside the tick loop (starting the run, stopping the bus while the broker is away).
            error.WriteLine($"als train: lost the connection to the broker ({problem.GetType().Name}: {problem.Message}).");
            error.WriteLine($"als train: checkpoints are kept; continue with: als train --resume --out {run.Path}");
            return ExitCodes.Failure;
        }
        if (!finished.Succeeded)
        {
            error.WriteLine("als train: the run failed: " + finished.Error);
            error.WriteLine($"als train: checkpoints are kept; continue with: als train --resume --out {run.Path}");
            return ExitCodes.Failure;
        }
        WriteSummary(console, run, clock.Elapsed);
        WriteReport(console, error, run, reference.Dataset, request);
        return ExitCodes.Success;
    }

    /// <summary>
    /// Writes RUNDIR/report.html. The model is already saved, so a report that cannot be written is a warning, not a
    /// failed run: <c>als report --model RUNDIR</c> can write it later.
    /// </summary>
    private static void WriteReport(IAnsiConsole console, TextWriter error, RunDirectory run, string dataset, TrainingRequest request)
    {
        try
        {
            (string path, TimeSpan elapsed) = Reports.RunReport.Write(run.Path, dataset, output: null, Reports.RunReport.DefaultUsers,
                request.Evaluation.Seed, request.Options.Threads);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Report: {path} ({elapsed.TotalSeconds:F1} s)."));
        }
        catch (Exception problem) when (problem is not OperationCanceledException and not OutOfMemoryException)
        {
            error.WriteLine($"als train: warning: the report was not written ({problem.GetType().Name}: {problem.Message}); " +
                $"try again with: als report --model {run.Path}");
        }
    }

    /// <summary>Moves the bar to where the run is.</summary>
    private static void Show(ProgressTask bar, CoordinatorProgress? progress)
    {
        if (progress is null) return;
        bar.MaxValue = progress.Total;
        bar.Value = progress.Done;
        bar.Description = string.Create(CultureInfo.InvariantCulture, $"iteration {progress.Iteration}/{progress.Iterations}, blocks {progress.Done}/{progress.Total}");
    }

    /// <summary>Ticks the coordinator's clock; returns why the broker could not be reached, or null when it was.</summary>
    private static async Task<string?> TickAsync(BusHost host, Guid runId, CancellationToken cancellationToken)
    {
        try
        {
            await host.Bus.Publish(new CheckProgress(runId), cancellationToken);
            return null;
        }
        catch (Exception problem) when (problem is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // While RabbitMQ restarts the client fails in several ways (connection, disposed channel); MassTransit reconnects by itself.
            return problem.GetType().Name + ": " + problem.Message;
        }
    }

    private static (RunDirectory Run, RunReference Reference, FactorStore Store) Prepare(IAnsiConsole console, TrainingRequest request)
    {
        if (request.Resume)
        {
            if (request.Output is null) throw new ArgumentException("--resume needs --out: the run folder to continue.");
            RunDirectory existing = RunDirectory.Open(request.Output);
            RunReference found = RunReference.Read(existing.Path);
            console.WriteLine($"Resuming run {found.RunId:N} in {existing.Path} (store {found.Store}).");
            return (existing, found, new FactorStore(found.Store, cacheBlocks: true));
        }
        if (request.Data is null) throw new ArgumentException("--data is required (a dataset folder written by `als prepare`).");
        PreparedDataset dataset = PreparedDataset.Open(request.Data);
        RunDirectory run = RunDirectory.Create(request.Output, "train");
        var reference = new RunReference(Guid.NewGuid(), Path.GetFullPath(request.Store ?? Path.Combine(run.Path, "store")), Path.GetFullPath(dataset.Folder));
        reference.Write(run.Path);
        var store = new FactorStore(reference.Store, cacheBlocks: true);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dataset {dataset.Folder}: {dataset.Users:N0} users x {dataset.Items:N0} artists in {dataset.Manifest.UserBlocks.Count} user and " +
            $"{dataset.Manifest.ItemBlocks.Count} item blocks; {dataset.Manifest.Counts.TrainRows:N0} train rows."));
        console.WriteLine("Training ALS: " + Commands.DemoCommand.Describe(request.Options));
        RunPlanner.Create(reference.RunId, store, dataset, run.Path, request.Options, request.Evaluation.Cutoff, request.Evaluation.EvalUsers, request.KeepCheckpoints);
        return (run, reference, store);
    }

    private static void WriteSummary(IAnsiConsole console, RunDirectory run, TimeSpan elapsed)
    {
        IReadOnlyList<IterationMetrics> rows = RunDirectory.ReadMetrics(Path.Combine(run.Path, RunDirectory.MetricsFile));
        IterationMetrics baseline = RunDirectory.ReadBaseline(run.Path);
        if (rows.Count > 0)
        {
            console.WriteLine();
            MetricsConsole.WriteComparison(console, Ranking(rows[^1]), Ranking(baseline));
        }
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {elapsed.TotalSeconds:F1} s. Run folder: {run.Path} (model in model/)."));
    }

    private static RankingMetrics Ranking(IterationMetrics row) =>
        new(row.K, row.EvalUsers, row.Precision, row.Recall, row.Ndcg, row.Map, row.HitRate, row.Coverage);
}
