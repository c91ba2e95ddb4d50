using Data.Runs;
using Xunit.Abstractions;

namespace Integration.Tests;

/// <summary>
/// Multi-process runs on a real RabbitMQ: <c>als train --transport rabbitmq</c> coordinating <c>als worker</c>
/// processes, disturbed the ways a cluster is disturbed, and each ending with the undisturbed run's exact factors.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class ClusterTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Cluster_command_trains_with_worker_processes_to_the_in_memory_runs_exact_factors_and_stops_them()
    {
        string run = cluster.NewRunFolder("cluster");
        using AlsProcess command = AlsProcess.Start("cluster", [.. new[] { "cluster", "--workers", "2", "--worker-threads", "1", "--broker-file", cluster.Broker.UriFile,
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
    public async Task A_worker_killed_mid_block_is_covered_by_another_and_the_factors_are_unchanged()
    {
        string run = cluster.NewRunFolder("kill-worker");
        using AlsProcess coordinator = Coordinator(run);
        await coordinator.WaitForLine("Coordinator up", Long);
        using AlsProcess doomed = Worker(run, "worker-1");
        using AlsProcess survivor = Worker(run, "worker-2");

        string line = await doomed.WaitForLine("start solve items block", Long);
        doomed.KillHard();

        string block = line[line.IndexOf("solve items block", StringComparison.Ordinal)..].Split(" (")[0];   // "solve items block B of iteration I"

        Assert.Equal(0, await coordinator.WaitForExit(Long));
        Assert.DoesNotContain("done " + block, doomed.Output);                       // killed in the middle of it
        Assert.Contains("done " + block, survivor.Output);                           // redelivered by the broker
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_coordinator_killed_mid_run_resumes_from_its_checkpoint_to_the_exact_factors()
    {
        string run = cluster.NewRunFolder("kill-coordinator");
        using AlsProcess worker1 = Worker(run, "worker-1");
        using AlsProcess worker2 = Worker(run, "worker-2");
        using (AlsProcess coordinator = Coordinator(run))
        {
            await WaitForIterations(run, 2, coordinator);
            coordinator.KillHard();
        }

        using AlsProcess resumed = AlsProcess.Start("resume", "train", "--resume", "--out", run, "--transport", "rabbitmq", "--broker-file", cluster.Broker.UriFile);
        Assert.Equal(0, await resumed.WaitForExit(Long));
        Assert.Contains("resuming after checkpoint", resumed.Output);
        cluster.AssertSameAsReference(run);
        Assert.Equal([1, 2, 3, 4, 5], RunDirectory.ReadMetrics(Path.Combine(run, RunDirectory.MetricsFile)).Select(m => m.Iteration));
    }

    [Fact]
    public async Task A_run_without_workers_says_it_waits_and_goes_on_when_a_worker_joins_late()
    {
        string run = cluster.NewRunFolder("late-worker");
        using AlsProcess coordinator = Coordinator(run, "--stall-timeout", "120");
        await coordinator.WaitForLine("Waiting for workers", Long);

        using AlsProcess late = Worker(run, "late");
        Assert.Equal(0, await coordinator.WaitForExit(Long));
        Assert.Contains("done solve users block", late.Output);
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_run_whose_workers_never_come_fails_clearly_at_the_stall_timeout_and_resume_then_completes()
    {
        string run = cluster.NewRunFolder("no-worker");
        using (AlsProcess coordinator = Coordinator(run, "--stall-timeout", "4"))
        {
            Assert.NotEqual(0, await coordinator.WaitForExit(Long));
            Assert.Contains("No block finished for", coordinator.Output);
            Assert.Contains("--resume", coordinator.Output);
        }

        using AlsProcess worker = Worker(run, "worker");
        using AlsProcess resumed = AlsProcess.Start("resume", "train", "--resume", "--out", run, "--transport", "rabbitmq", "--broker-file", cluster.Broker.UriFile);
        Assert.Equal(0, await resumed.WaitForExit(Long));
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_broker_restart_mid_run_is_survived_or_reported_clearly_and_resume_completes()
    {
        string run = cluster.NewRunFolder("broker-restart");
        using AlsProcess worker1 = Worker(run, "worker-1");
        using AlsProcess worker2 = Worker(run, "worker-2");
        using AlsProcess coordinator = Coordinator(run, "--stall-timeout", "60");
        await WaitForIterations(run, 1, coordinator);

        cluster.Broker.Stop();
        await Task.Delay(TimeSpan.FromSeconds(2));
        cluster.Broker.Restart();

        int code = await coordinator.WaitForExit(Long);
        output.WriteLine(code == 0 ? "The run survived the restart." : "The run failed at the restart and was resumed.");
        output.WriteLine(coordinator.Output);
        output.WriteLine("worker-1:\n" + worker1.Output);
        output.WriteLine("worker-2:\n" + worker2.Output);
        if (code != 0)
        {
            // Not survived: the failure must say what happened and how to go on, and going on must work.
            Assert.Matches("broker|connection|No block finished", coordinator.Output);
            Assert.Contains("--resume", coordinator.Output);
            using AlsProcess resumed = AlsProcess.Start("resume", "train", "--resume", "--out", run, "--transport", "rabbitmq", "--broker-file", cluster.Broker.UriFile);
            Assert.Equal(0, await resumed.WaitForExit(Long));
        }
        cluster.AssertSameAsReference(run);
    }

    private AlsProcess Coordinator(string run, params string[] extra) =>
        AlsProcess.Start("coordinator", [.. new[] { "train", "--transport", "rabbitmq", "--broker-file", cluster.Broker.UriFile, "--data", cluster.Dataset,
            "--out", run, "--store", Path.Combine(run, "store") }, .. ClusterFixture.TrainOptions, .. extra]);

    private AlsProcess Worker(string run, string name) =>
        AlsProcess.Start(name, "worker", "--broker-file", cluster.Broker.UriFile, "--store", Path.Combine(run, "store"), "--threads", "1");

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
