using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Integration.Tests;

/// <summary>
/// A private RabbitMQ node started with <c>deploy/local/broker.sh</c> (the Debian package) on a free port in a
/// temporary folder, with its own user and random password; stopped and deleted on dispose.
/// </summary>
public sealed class RabbitMqBroker : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    /// <summary>Starts the node.</summary>
    public RabbitMqBroker()
    {
        Port = FreePort();
        Script("start");
    }

    /// <summary>The AMQP port.</summary>
    public int Port { get; }

    /// <summary>The file holding the broker's URI (with the password).</summary>
    public string UriFile => _folder.File("broker.uri");

    /// <summary>Stops the node (its queues stay on disk).</summary>
    public void Stop() => Script("stop");

    /// <summary>Starts the node again after <see cref="Stop"/>: same port, same password, same durable queues.</summary>
    public void Restart() => Script("start");

    /// <inheritdoc/>
    public void Dispose()
    {
        Script("stop");
        _folder.Dispose();
    }

    private void Script(string action)
    {
        var start = new ProcessStartInfo("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "local", "broker.sh"), action, _folder.Path, Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync(), error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"broker.sh {action} did not finish within 2 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"broker.sh {action} failed ({process.ExitCode}): {output.Result}{error.Result}");
    }

    /// <summary>A port free now, below the ephemeral range; the AMQP port and the Erlang distribution port (+20000) must both be free.</summary>
    private static int FreePort()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            int port = Random.Shared.Next(15000, 30000);
            if (IsFree(port) && IsFree(port + 20000)) return port;
        }
        throw new InvalidOperationException("No free pair of ports for the broker.");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
