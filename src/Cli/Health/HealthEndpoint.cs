using System.Net;
using System.Text;

namespace Cli.Health;

/// <summary>
/// The HTTP probes a container orchestrator polls: <c>GET /healthz/live</c> answers 200 while the process serves
/// requests at all; <c>GET /healthz/ready</c> answers 200 when <c>ready</c> says the process can do its work (for
/// a node: an Up member of the cluster) and 503 with the reason otherwise. Anything else is 404.
/// </summary>
internal sealed class HealthEndpoint : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<string?> _notReadyReason;
    private readonly Task _serving;

    private HealthEndpoint(int port, Func<string?> notReadyReason)
    {
        _notReadyReason = notReadyReason;
        _listener.Prefixes.Add($"http://*:{port}/healthz/");
        _listener.Start();
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>Starts answering on <paramref name="port"/> (all interfaces).</summary>
    /// <param name="port">TCP port.</param>
    /// <param name="notReadyReason">Null when ready, else why not (the 503 body).</param>
    /// <exception cref="HttpListenerException">The port cannot be bound.</exception>
    public static HealthEndpoint Start(int port, Func<string?> notReadyReason) => new(port, notReadyReason);

    /// <summary>
    /// The probes of a cluster node, when <paramref name="port"/> is given (<c>--management-port</c>): not ready before the
    /// node is an Up member of the cluster, and from the moment a stop is asked.
    /// </summary>
    /// <param name="port">TCP port, or null for no endpoint.</param>
    /// <param name="node">The started node, or null while it is still starting.</param>
    /// <param name="stopping">Cancelled when the process is asked to stop.</param>
    public static HealthEndpoint? ForNode(int? port, Func<Coordinator.NodeHost?> node, CancellationToken stopping) =>
        port is { } value
            ? Start(value, () => stopping.IsCancellationRequested ? "stopping"
                : node() is not { } host ? "starting the actor system"
                : host.IsUp ? null : "joining the cluster")
            : null;

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception problem) when (problem is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;   // stopped
            }
            (int status, string body) = Answer(context.Request.Url?.AbsolutePath ?? "");
            try
            {
                byte[] bytes = Encoding.UTF8.GetBytes(body + "\n");
                context.Response.StatusCode = status;
                context.Response.ContentType = "text/plain; charset=utf-8";
                context.Response.ContentLength64 = bytes.Length;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }
            catch (Exception problem) when (problem is HttpListenerException or IOException or ObjectDisposedException)
            {
                // The prober hung up; nothing to tell it.
            }
        }
    }

    private (int Status, string Body) Answer(string path)
    {
        switch (path.TrimEnd('/'))
        {
            case "/healthz/live":
                return (200, "live");
            case "/healthz/ready":
                string? reason;
                try
                {
                    reason = _notReadyReason();
                }
                catch (Exception problem) when (problem is not OutOfMemoryException)
                {
                    reason = "health check failed: " + problem.Message;
                }
                return reason is null ? (200, "ready") : (503, "not ready: " + reason);
            default:
                return (404, "unknown path; use /healthz/live or /healthz/ready");
        }
    }

    /// <summary>Stops answering.</summary>
    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _serving;
    }
}
