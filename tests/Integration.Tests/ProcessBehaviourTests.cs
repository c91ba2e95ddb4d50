using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Integration.Tests;

/// <summary>
/// What Kubernetes relies on, on real processes: SIGTERM to a worker in the middle of a block makes it leave the cluster
/// (CoordinatedShutdown), loses nothing and ends the process with 0 well within the pod's grace period; the readiness
/// probe says not-ready until the node is an Up member; a restarted coordinator Job (<c>--auto-resume</c>) continues its run.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class ProcessBehaviourTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    /// <summary>terminationGracePeriodSeconds of the workers Deployment (deploy/k8s/base/workers.yaml).</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Sigterm_mid_block_finishes_or_hands_back_the_block_exits_0_within_the_grace_period_and_the_run_is_exact()
    {
        string run = cluster.NewRunFolder("sigterm");
        int port = ClusterFixture.FreePort();
        using AlsProcess coordinator = Coordinator(run, port);
        await coordinator.WaitForLine("Coordinator up", Long);
        using AlsProcess first = Worker(run, "worker-1", port);

        string line = await first.WaitForLine("start solve items block", Long);
        var clock = Stopwatch.StartNew();
        first.Terminate();
        int code = await first.WaitForExit(Grace);
        output.WriteLine($"worker exited {code} {clock.Elapsed.TotalSeconds:F1} s after SIGTERM");
        output.WriteLine(first.Output);

        Assert.Equal(0, code);
        Assert.True(clock.Elapsed < Grace / 2, $"exit took {clock.Elapsed.TotalSeconds:F1} s");
        Assert.Contains(" stopped after ", first.Output);
        string block = line[line.IndexOf("solve items block", StringComparison.Ordinal)..].Split(" (")[0];
        bool finished = first.Output.Contains("done " + block, StringComparison.Ordinal);
        output.WriteLine(finished ? "The block was finished before the exit." : "The block was handed back.");

        using AlsProcess second = Worker(run, "worker-2", port);
        Assert.Equal(0, await coordinator.WaitForExit(Long));
        if (!finished) Assert.Contains("done " + block, second.Output);   // re-sent, not lost
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task Readiness_is_503_until_the_worker_is_an_up_member_and_200_after_liveness_always_200()
    {
        int port = ClusterFixture.FreePort(), management = ClusterFixture.FreePort();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string run = cluster.NewRunFolder("health");
        using AlsProcess worker = AlsProcess.Start("worker", "worker", "--join", "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--store", Path.Combine(run, "store"), "--threads", "1", "--management-port", management.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (HttpStatusCode status, string body) = await Probe(http, management, "ready", _ => true);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);                     // nobody to join yet
        Assert.Matches("joining the cluster|starting the actor system", body);
        Assert.Equal(HttpStatusCode.OK, (await Probe(http, management, "live", _ => true)).Status);
        Assert.False(worker.HasExited, worker.Output);

        using AlsProcess coordinator = Coordinator(run, port);
        Assert.Equal(HttpStatusCode.OK, (await Probe(http, management, "ready", s => s == HttpStatusCode.OK)).Status);
        await worker.WaitForLine("joined the cluster", Long);
        Assert.Equal(0, await coordinator.WaitForExit(Long));
        cluster.AssertSameAsReference(run);

        worker.Terminate();
        Assert.Equal(0, await worker.WaitForExit(Long));
    }

    [Fact]
    public async Task A_coordinator_job_restarted_with_auto_resume_continues_its_run_to_the_exact_factors()
    {
        string run = cluster.NewRunFolder("auto-resume");
        string[] Job(int port) => [.. new[] { "train", "--auto-resume", "--workers", "0", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--data", cluster.Dataset, "--out", run, "--store", Path.Combine(run, "store") }, .. ClusterFixture.TrainOptions];
        int port = ClusterFixture.FreePort();
        using (AlsProcess first = AlsProcess.Start("coordinator-1", Job(port)))
        {
            await first.WaitForLine("Coordinator up", Long);
            using AlsProcess worker = Worker(run, "worker", port);
            await first.WaitForLine("iter", Long);
            await WaitForMetricsLines(run, 1);
            first.KillHard();
        }

        int again = ClusterFixture.FreePort();
        using AlsProcess restarted = AlsProcess.Start("coordinator-2", Job(again));   // the same command, as a Job restarts it (on a new address)
        await restarted.WaitForLine("Coordinator up", Long);
        using AlsProcess joined = Worker(run, "worker-2", again);
        Assert.Equal(0, await restarted.WaitForExit(Long));
        Assert.Contains("resuming after checkpoint", restarted.Output);
        cluster.AssertSameAsReference(run);
    }

    private static async Task WaitForMetricsLines(string run, int count)
    {
        string metrics = Path.Combine(run, Data.Runs.RunDirectory.MetricsFile);
        DateTime end = DateTime.UtcNow + Long;
        while (!File.Exists(metrics) || File.ReadLines(metrics).Count(l => l.Length > 0) < count)
        {
            if (DateTime.UtcNow > end) throw new TimeoutException($"{metrics} did not reach {count} lines");
            await Task.Delay(50);
        }
    }

    /// <summary>GETs /healthz/<paramref name="what"/> until the process answers and <paramref name="accept"/> holds (or a minute passes).</summary>
    private static async Task<(HttpStatusCode Status, string Body)> Probe(HttpClient http, int port, string what, Func<HttpStatusCode, bool> accept)
    {
        DateTime end = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        (HttpStatusCode, string)? last = null;
        while (DateTime.UtcNow < end)
        {
            try
            {
                using HttpResponseMessage response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/healthz/{what}"));
                last = (response.StatusCode, await response.Content.ReadAsStringAsync());
                if (accept(response.StatusCode)) return last.Value;
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(200);
        }
        return last ?? throw new TimeoutException($"nothing answered on port {port} within a minute");
    }

    private AlsProcess Coordinator(string run, int port) =>
        AlsProcess.Start("coordinator", [.. new[] { "train", "--workers", "0", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data", cluster.Dataset,
            "--out", run, "--store", Path.Combine(run, "store") }, .. ClusterFixture.TrainOptions]);

    private static AlsProcess Worker(string run, string name, int port) =>
        AlsProcess.Start(name, "worker", "--join", "127.0.0.1:" + port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--store", Path.Combine(run, "store"), "--threads", "1");
}
