using System.Net;
using System.Net.Sockets;

namespace Cli.Tests;

public sealed class ClusterCommandTests
{
    [Fact]
    public async Task Without_a_broker_the_cluster_says_how_to_give_or_start_one()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("cluster", "--broker-file", "/nonexistent/broker.uri", "--data", "/nonexistent");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("/nonexistent/broker.uri does not exist", error);
        Assert.Contains("deploy/local/broker.sh start", error);
    }

    [Fact]
    public async Task An_unreachable_broker_is_reported_without_its_password_and_with_how_to_start_one()
    {
        int port = ClosedPort();
        (int exitCode, _, string error) = await CliRunner.RunAsync("cluster", "--broker", $"amqp://als:s3cret@localhost:{port}/", "--data", "/nonexistent");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains($"amqp://als@localhost:{port}/ is not reachable", error);
        Assert.Contains("deploy/local/broker.sh start", error);
        Assert.DoesNotContain("s3cret", error);
    }

    [Fact]
    public async Task A_broker_uri_without_credentials_is_refused_naming_its_source()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("worker", "--broker", "amqp://localhost/", "--store", "/tmp");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--broker: the broker URI has no user and password", error);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
