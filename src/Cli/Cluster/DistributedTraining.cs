using System.Diagnostics;
using System.Globalization;
using Cli.Failures;
using Cli.Health;
using Cli.Options;
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
/// The one training code path of the command line: a <see cref="TrainingSession"/> plans (or finds) the run and hosts
/// this process's cluster node with the coordinator; this renders its progress and the end, and prints the exact resume
/// command when the run fails or is stopped.
/// </summary>
internal static class DistributedTraining
{
    /// <summary>How often the progress bar follows the coordinator on a terminal.</summary>
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(250);

    /// <summary>Runs the request; returns the exit code.</summary>
    /// <param name="console">Progress and results.</param>
    /// <param name="error">Error lines.</param>
    /// <param name="request">The run.</param>
    /// <param name="startWorkers">Starts workers outside this process once this node is up (a local cluster); disposed at the end.</param>
    /// <param name="cancellationToken">Ctrl-C or SIGTERM: checkpoints are kept.</param>
    public static async Task<int> RunAsync(IAnsiConsole console, TextWriter error, TrainingRequest request,
        Func<NodeHost, TrainingSession, IAsyncDisposable>? startWorkers, CancellationToken cancellationToken)
    {
        string name = "als " + request.Command;
        // A bad --data, --out or --resume folder throws before any work: FailureReport's one sentence, exit code 2.
        TrainingSession session = Prepare(console, request);
        string resume = $"als {request.Command} --resume --out {session.RunFolder}{request.ResumeOptions}";
        var monitor = new RunMonitor(console);
        int threads = request.Options.Threads;
        var node = new NodeOptions(request.Network.Hostname, request.Network.PublicHostname, request.Network.Port, Join: null, session.Reference.Store,
            threads, request.Workers, TlsCertificate: request.Network.TlsCertificate);
        var clock = Stopwatch.StartNew();
        RunFinished finished;
        try
        {
            NodeHost? up = null;
            await using HealthEndpoint? health = HealthEndpoint.ForNode(request.Network.ManagementPort, () => Volatile.Read(ref up), cancellationToken);
            var settings = CoordinatorSettings.Default with { StallTimeout = request.StallTimeout, ExpectedWorkers = request.StartedWorkerNodes };
            Task<RunFinished> run = Task.Run(() => session.RunAsync(node, settings, monitor, TimeProvider.System, host =>
            {
                Volatile.Write(ref up, host);
                console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Coordinator up at {host.Address} ({(request.Workers > 0 ? $"this process solves too: {request.Workers} solves in flight sharing {host.Worker?.Threads} threads" : "coordinator only: worker nodes solve")}); run {session.Reference.RunId:N}."));
                if (request.Workers == 0 && startWorkers is null)
                    console.WriteLine($"Waiting for workers: start them with `als worker --join {host.Address} --store {session.Reference.Store}`.");
                return startWorkers?.Invoke(host, session);
            }, cancellationToken), CancellationToken.None);

            // On a terminal, a bar shows the blocks of the current iteration; metrics rows and status lines print above it.
            if (console.Profile.Capabilities.Interactive)
                await console.Progress().AutoClear(true)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                    .StartAsync(async context =>
                    {
                        ProgressTask bar = context.AddTask("starting", maxValue: 1);
                        while (!run.IsCompleted)
                        {
                            await Task.WhenAny(run, Task.Delay(Refresh, CancellationToken.None));
                            Show(bar, session.Clock.Progress);
                        }
                    });
            finished = await run;
        }
        catch (Exception problem)
        {
            // Ctrl-C (130), a node that could not start, anything else: FailureReport's sentence and exit code, then how to go on.
            return FailureReport.Write(problem, request.Command, error, $"Checkpoints are kept; continue with: {resume}");
        }
        if (!finished.Succeeded)
        {
            error.WriteLine($"{name}: the run failed: " + finished.Error);
            error.WriteLine($"{name}: checkpoints are kept; continue with: {resume}");
            return ExitCodes.Failure;
        }
        WriteSummary(console, RunDirectory.Open(session.RunFolder), clock.Elapsed);
        WriteReport(console, error, RunDirectory.Open(session.RunFolder), session.Reference.Dataset, request);
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
            error.WriteLine($"als {request.Command}: warning: the report was not written ({FailureReport.Describe(problem).Message}); " +
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

    private static TrainingSession Prepare(IAnsiConsole console, TrainingRequest request)
    {
        if (request.Resume)
        {
            if (request.Output is null) throw new ArgumentException("--resume needs --out: the run folder to continue.");
            TrainingSession found = TrainingSession.Resume(request.Output, request.ResumeIterations);
            string until = request.ResumeIterations is { } iterations ? string.Create(CultureInfo.InvariantCulture, $" up to iteration {iterations}") : "";
            console.WriteLine($"Resuming run {found.Reference.RunId:N}{until} in {found.RunFolder} (store {found.Reference.Store}).");
            return found;
        }
        if (request.Data is null) throw new ArgumentException("--data is required (a dataset folder written by `als prepare`).");
        PreparedDataset dataset = PreparedDataset.Open(request.Data);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dataset {dataset.Folder}: {dataset.Users:N0} users x {dataset.Items:N0} artists in {dataset.Manifest.UserBlocks.Count} user and " +
            $"{dataset.Manifest.ItemBlocks.Count} item blocks; {dataset.Manifest.Counts.TrainRows:N0} train rows."));
        console.WriteLine("Training ALS: " + Commands.DemoCommand.Describe(request.Options));
        return TrainingSession.Plan(dataset, request.Output, request.Store, request.Options, request.Evaluation.Cutoff, request.Evaluation.EvalUsers, request.KeepCheckpoints,
            request.Validation);
    }

    private static void WriteSummary(IAnsiConsole console, RunDirectory run, TimeSpan elapsed)
    {
        IReadOnlyList<IterationMetrics> rows = RunDirectory.ReadMetrics(Path.Combine(run.Path, RunDirectory.MetricsFile));
        IterationMetrics baseline = RunDirectory.ReadBaseline(run.Path);
        // The model is the iteration model.json names (the best validation NDCG with --keep-best), not always the last row.
        ModelSelection? selection = Data.Files.JsonFile.Read<Data.Models.ModelInfo>(Path.Combine(run.Path, Data.Models.ModelStore.Folder, "model.json"),
            Data.Models.ModelStore.JsonOptions, "train the model again").Selection;
        IterationMetrics? last = rows.Count > 0 ? rows[^1] : null;
        IterationMetrics? kept = selection is null ? last : rows.LastOrDefault(row => row.Iteration == selection.KeptIteration) ?? last;
        if (selection is { StoppedEarly: true })
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Stopped early at iteration {selection.LastIteration}."));
        if (selection is not null) console.WriteLine($"Model: {selection.Reason}.");
        if (kept is not null && kept.EvalUsers == 0)
            console.WriteLine($"Ranking metrics were off ({EvalUsersOption.Name} {EvalUsersOption.None}); measure the model with: als evaluate --model {run.Path}");
        else if (kept is not null)
        {
            console.WriteLine();
            MetricsConsole.WriteComparison(console, Ranking(kept), Ranking(baseline));
        }
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Done in {elapsed.TotalSeconds:F1} s. Run folder: {run.Path} (model in model/)."));
    }

    private static RankingMetrics Ranking(IterationMetrics row) =>
        new(row.At, row.EvalUsers, row.Precision, row.Recall, row.Ndcg, row.Map, row.HitRate, row.Coverage);
}
