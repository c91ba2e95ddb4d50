using Data.Models;
using Data.Runs;

namespace Integration.Tests;

/// <summary>
/// Multi-process runs on real processes with no broker: <c>als train --workers 0</c> coordinating <c>als worker --join</c>
/// processes, disturbed the ways a cluster is disturbed, and each ending with the undisturbed run's exact factors.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class ClusterTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Cluster_command_trains_with_worker_processes_to_the_one_node_runs_exact_factors_and_stops_them()
    {
        string run = cluster.NewRunFolder("cluster");
        using AlsProcess command = AlsProcess.Start("cluster", [.. new[] { "cluster", "--workers", "2", "--worker-threads", "1",
            "--data", cluster.Dataset, "--out", run }, .. ClusterFixture.TrainOptions]);

        Assert.Equal(0, await command.WaitForExit(Long));
        Assert.Contains("Started 2 worker processes", command.Output);
        cluster.AssertSameAsReference(run);
        string[] logs = Directory.GetFiles(Path.Combine(run, "workers"), "worker-*.log");
        Assert.Equal(2, logs.Length);
        foreach (string log in logs) Assert.Contains(" stopped", await File.ReadAllTextAsync(log));   // SIGTERM, then a clean exit
        Assert.Contains(logs, log => File.ReadAllText(log).Contains("done solve users block", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keep_best_and_early_stopping_through_worker_processes_choose_and_keep_what_one_node_does()
    {
        // Issue 16: the validation rows (stored beside the plan) are left out by the worker processes' blocks and scored
        // there; the kept iteration, its factors and every validation score equal a one-node run's.
        string[] validation = ["--validation-users", "500", "--early-stopping", "1", "--iterations", "8", "--factors", "32", "--regularization", "0.001",
            "--alpha", "0.02", "--solver", "cholesky", "--eval-users", "300", "--seed", "5", "--keep-checkpoints", "1"];
        string single = cluster.NewRunFolder("keep-best-one-node"), distributed = cluster.NewRunFolder("keep-best-cluster");
        using (AlsProcess train = AlsProcess.Start("train", [.. new[] { "train", "--data", cluster.Dataset, "--out", single }, .. validation]))
            Assert.Equal(0, await train.WaitForExit(Long));
        using AlsProcess command = AlsProcess.Start("cluster", [.. new[] { "cluster", "--workers", "2", "--worker-threads", "1",
            "--data", cluster.Dataset, "--out", distributed }, .. validation]);
        Assert.Equal(0, await command.WaitForExit(Long));
        Assert.Contains("Started 2 worker processes", command.Output);
        Assert.Contains("Model: iteration", command.Output);

        SavedModel one = ModelStore.Load(single), many = ModelStore.Load(distributed);
        Assert.NotNull(one.Info.Selection);
        Assert.Equal(one.Info.Selection, many.Info.Selection);
        Assert.Equal(one.Model.UserFactors.Values, many.Model.UserFactors.Values);
        Assert.Equal(one.Model.ItemFactors.Values, many.Model.ItemFactors.Values);
        static IEnumerable<(int, double?, double?)> Scores(string run) =>
            RunDirectory.ReadMetrics(Path.Combine(run, RunDirectory.MetricsFile)).Select(row => (row.Iteration, row.ValidationNdcg, row.Loss));
        Assert.Equal(Scores(single), Scores(distributed));
        Assert.All(Scores(distributed), score => Assert.NotNull(score.Item2));
    }

    [Theory]
    [InlineData("solve users", 2)]
    [InlineData("solve items", 1)]
    [InlineData("evaluate", 2)]
    public async Task A_worker_killed_mid_block_is_covered_by_another_and_the_factors_are_unchanged(string work, int iteration)
    {
        string run = cluster.NewRunFolder("kill-worker");
        int port = ClusterFixture.FreePort();
        using AlsProcess coordinator = Coordinator(run, port);
        await coordinator.WaitForLine("Coordinator up", Long);
        using AlsProcess first = Worker(run, "worker-1", port);
        using AlsProcess second = Worker(run, "worker-2", port);

        // Shards decide which node holds a block: the worker that starts such a block first is killed in the middle of it,
        // by its output reader as the start line arrives (a poll could let a short block finish first).
        int killed = 0;
        bool Wanted(string l) => l.Contains($"start {work} block", StringComparison.Ordinal) && l.Contains($"of iteration {iteration} ", StringComparison.Ordinal)
            && Interlocked.Exchange(ref killed, 1) == 0;
        Task<string> onFirst = first.KillHardAt(Wanted), onSecond = second.KillHardAt(Wanted);
        Task<string> started = await Task.WhenAny(onFirst, onSecond).WaitAsync(Long);
        (AlsProcess doomed, AlsProcess survivor) = started == onFirst ? (first, second) : (second, first);
        await doomed.WaitForExit(Long);
        string line = await started;

        string block = line[line.IndexOf(work + " block", StringComparison.Ordinal)..].Split(" (")[0];   // "solve items block B of iteration I"

        Assert.Equal(0, await coordinator.WaitForExit(Long));
        Assert.DoesNotContain("done " + block, doomed.Output);                       // killed in the middle of it
        Assert.Contains("done " + block, survivor.Output);                           // re-sent when the killed node left
        cluster.AssertSameAsReference(run);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task One_node_training_with_1_or_4_blocks_at_once_gives_the_references_exact_factors_and_losses(int workers)
    {
        string run = cluster.NewRunFolder("workers-" + workers);
        using AlsProcess train = AlsProcess.Start("train", [.. new[] { "train", "--workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data", cluster.Dataset, "--out", run }, .. ClusterFixture.TrainOptions]);
        Assert.Equal(0, await train.WaitForExit(Long));
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_run_resumes_from_its_checkpoint_to_the_exact_factors()
    {
        string run = cluster.NewRunFolder("kill-coordinator");
        int port = ClusterFixture.FreePort();
        using (AlsProcess coordinator = Coordinator(run, port))
        {
            await coordinator.WaitForLine("Coordinator up", Long);
            using AlsProcess worker1 = Worker(run, "worker-1", port);
            using AlsProcess worker2 = Worker(run, "worker-2", port);
            await WaitForIterations(run, 2, coordinator);
            coordinator.KillHard();
        }

        int again = ClusterFixture.FreePort();
        using AlsProcess resumed = AlsProcess.Start("resume", "train", "--resume", "--out", run, "--workers", "0", "--port", again.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await resumed.WaitForLine("Coordinator up", Long);
        using AlsProcess worker3 = Worker(run, "worker-3", again);
        Assert.Equal(0, await resumed.WaitForExit(Long));
        Assert.Contains("resuming after checkpoint", resumed.Output);
        cluster.AssertSameAsReference(run);
        Assert.Equal([1, 2, 3, 4, 5], RunDirectory.ReadMetrics(Path.Combine(run, RunDirectory.MetricsFile)).Select(m => m.Iteration));
    }

    [Fact]
    public async Task A_run_without_workers_says_it_waits_and_goes_on_when_a_worker_joins_late()
    {
        string run = cluster.NewRunFolder("late-worker");
        int port = ClusterFixture.FreePort();
        using AlsProcess coordinator = Coordinator(run, port, "--stall-timeout", "120");
        await coordinator.WaitForLine("Waiting for workers", Long);

        using AlsProcess late = Worker(run, "late", port);
        Assert.Equal(0, await coordinator.WaitForExit(Long));
        Assert.Contains("done solve users block", late.Output);
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_run_whose_workers_never_come_fails_clearly_at_the_stall_timeout_and_resume_then_completes()
    {
        string run = cluster.NewRunFolder("no-worker");
        using (AlsProcess coordinator = Coordinator(run, ClusterFixture.FreePort(), "--stall-timeout", "4"))
        {
            Assert.NotEqual(0, await coordinator.WaitForExit(Long));
            Assert.Contains("No block finished for", coordinator.Output);
            Assert.Contains($"als train --resume --out {run} --workers 0", coordinator.Output);
        }

        int port = ClusterFixture.FreePort();
        using AlsProcess resumed = AlsProcess.Start("resume", "train", "--resume", "--out", run, "--workers", "0", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await resumed.WaitForLine("Coordinator up", Long);
        using AlsProcess worker = Worker(run, "worker", port);
        Assert.Equal(0, await resumed.WaitForExit(Long));
        cluster.AssertSameAsReference(run);
    }

    private AlsProcess Coordinator(string run, int port, params string[] extra) =>
        AlsProcess.Start("coordinator", [.. new[] { "train", "--workers", "0", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", cluster.Dataset,
            "--out", run, "--store", Path.Combine(run, "store") }, .. ClusterFixture.TrainOptions, .. extra]);

    private static AlsProcess Worker(string run, string name, int port) =>
        AlsProcess.Start(name, "worker", "--join", "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Path.Combine(run, "store"), "--threads", "1");

    private static async Task WaitForIterations(string run, int iterations, AlsProcess coordinator)
    {
        string metrics = Path.Combine(run, RunDirectory.MetricsFile);
        DateTime end = DateTime.UtcNow + Long;
        while (!File.Exists(metrics) || File.ReadLines(metrics).Count(l => l.Length > 0) < iterations)
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"The run did not reach iteration {iterations}:\n{coordinator.Output}");
            await Task.Delay(20);
        }
    }
}
