using System.Globalization;
using Coordinator;

namespace Integration.Tests;

/// <summary>Akka.Remote with TLS on real processes: only nodes holding the cluster's certificate join it.</summary>
[Collection(ClusterGroup.Name)]
public sealed class TlsTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(3);

    /// <summary>How long the intruders get to try: several of Akka's join retries (every few seconds).</summary>
    private static readonly TimeSpan Attempts = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_node_without_the_clusters_certificate_cannot_join_and_a_node_with_it_trains_to_the_exact_factors()
    {
        string run = cluster.NewRunFolder("tls");
        string good = Path.Combine(run + "-certificates", "cluster.pem"), other = Path.Combine(run + "-certificates", "other.pem");
        NodeCertificate.WriteThrowaway(good);
        NodeCertificate.WriteThrowaway(other);
        string port = ClusterFixture.FreePort().ToString(CultureInfo.InvariantCulture);
        using AlsProcess coordinator = AlsProcess.Start("coordinator", [.. new[] { "train", "--workers", "0", "--port", port, "--tls-certificate", good,
            "--data", cluster.Dataset, "--out", run, "--store", Path.Combine(run, "store") }, .. ClusterFixture.TrainOptions]);
        await coordinator.WaitForLine("Coordinator up", Long);

        string store = Path.Combine(run, "store");
        using AlsProcess wrongCertificate = AlsProcess.Start("wrong-certificate", "worker", "--join", "127.0.0.1:" + port, "--store", store, "--threads", "1", "--tls-certificate", other);
        using AlsProcess noCertificate = AlsProcess.Start("no-certificate", "worker", "--join", "127.0.0.1:" + port, "--store", store, "--threads", "1");
        await wrongCertificate.WaitForLine("joining", Long);
        await noCertificate.WaitForLine("joining", Long);
        await Task.Delay(Attempts);
        Assert.DoesNotContain("joined the cluster", wrongCertificate.Output);
        Assert.DoesNotContain("joined the cluster", noCertificate.Output);
        Assert.DoesNotContain("start solve", wrongCertificate.Output + noCertificate.Output);
        Assert.False(File.Exists(Path.Combine(run, Data.Runs.RunDirectory.MetricsFile)) && File.ReadAllText(Path.Combine(run, Data.Runs.RunDirectory.MetricsFile)).Length > 0,
            "the run progressed without a worker holding the certificate");

        using AlsProcess member = AlsProcess.Start("member", "worker", "--join", "127.0.0.1:" + port, "--store", store, "--threads", "1", "--tls-certificate", good);
        Assert.Equal(0, await coordinator.WaitForExit(Long));
        Assert.Contains("joined the cluster", member.Output);
        Assert.DoesNotContain("start solve", wrongCertificate.Output + noCertificate.Output);
        cluster.AssertSameAsReference(run);
    }

    [Fact]
    public async Task A_certificate_file_without_a_key_is_refused_naming_the_file()
    {
        string folder = cluster.NewRunFolder("tls-bad");
        Directory.CreateDirectory(folder);
        string path = Path.Combine(folder, "bad.pem");
        await File.WriteAllTextAsync(path, "not a certificate");
        using AlsProcess worker = AlsProcess.Start("worker", "worker", "--join", "127.0.0.1:1", "--store", folder, "--tls-certificate", path);
        Assert.NotEqual(0, await worker.WaitForExit(Long));
        Assert.Contains(path, worker.Output);
    }
}
