using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json;
using Data.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Cli.Serving;

/// <summary>
/// <c>als serve</c>'s HTTP server: Kestrel with minimal APIs over one loaded model (<see cref="ServiceEndpoints"/>), the
/// Prometheus <c>/metrics</c>, and the page at <c>/</c> (embedded files, no external script or font). Every refused
/// request gets a 4xx with <c>{"error": "..."}</c> on one line; what no rule maps is a 500 with the same shape.
/// </summary>
internal sealed class ModelServer : IAsyncDisposable
{
    /// <summary>Largest request body: a batch of 10,000 user ids is ~450 KB; anything larger is a mistake, refused with 413.</summary>
    public const long MaxBodyBytes = 1 << 20;

    /// <summary>The page's files, embedded in the assembly under this prefix (Serving/Page/*).</summary>
    private const string PagePrefix = "Cli.Serving.Page.";

    private readonly WebApplication _app;

    private ModelServer(WebApplication app, Uri address, ServiceMetrics metrics) => (_app, Address, Metrics) = (app, address, metrics);

    /// <summary>The base address it listens on (with the port chosen when 0 was asked).</summary>
    public Uri Address { get; }

    /// <summary>The counts <c>/metrics</c> shows.</summary>
    public ServiceMetrics Metrics { get; }

    /// <summary>Starts answering on <paramref name="address"/>:<paramref name="port"/> (0: a free port).</summary>
    /// <exception cref="IOException">The address cannot be bound (in use, not an address of this host).</exception>
    public static async Task<ModelServer> StartAsync(TrainedModel model, IPAddress address, int port, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(address);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();                                   // the command prints its own lines
        builder.Services.AddSingleton<IHostLifetime, ServiceLifetime>();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = MaxBodyBytes;
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port);
        });
        WebApplication app = builder.Build();
        var metrics = new ServiceMetrics();
        app.UseRouting();
        app.Use((context, next) => AnswerAsync(context, next, metrics));
        new ServiceEndpoints(model).Map(app);
        app.MapGet("/metrics", context =>
        {
            context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
            return context.Response.WriteAsync(metrics.Write(), context.RequestAborted);
        });
        MapPage(app);
        await app.StartAsync(cancellationToken);
        string bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ModelServer(app, new Uri(bound.EndsWith('/') ? bound : bound + "/"), metrics);
    }

    /// <summary>
    /// How long a stop waits for requests in flight and open connections: a stop must end the process, so a client that
    /// keeps a connection open cannot hold it up for the host's default 30 s.
    /// </summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>Stops accepting requests and lets the ones in flight finish, for at most <see cref="ShutdownGrace"/>.</summary>
    public async Task StopAsync()
    {
        using var grace = new CancellationTokenSource(ShutdownGrace);
        await _app.StopAsync(grace.Token);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>
    /// Runs the request; maps what it throws to a status and a one-line JSON error, gives routing's bodiless 404 and 405 a
    /// body too, and counts the request with its latency under its route (or <see cref="ServiceMetrics.UnmatchedEndpoint"/>).
    /// </summary>
    private static async Task AnswerAsync(HttpContext context, RequestDelegate next, ServiceMetrics metrics)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
            if (context.Response.StatusCode >= 400 && !context.Response.HasStarted)
                await ServiceEndpoints.WriteAsync(context, context.Response.StatusCode, new ErrorAnswer(DescribeStatus(context)));
        }
        catch (Exception failure) when (!context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            (int status, string message) = ServiceErrors.Map(failure, MaxBodyBytes);
            context.Response.Clear();
            await ServiceEndpoints.WriteAsync(context, status, new ErrorAnswer(message));
        }
        finally
        {
            string endpoint = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? ServiceMetrics.UnmatchedEndpoint;
            string method = HttpMethods.IsGet(context.Request.Method) ? "GET" : HttpMethods.IsPost(context.Request.Method) ? "POST" : "other";
            metrics.Record(endpoint, method, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string DescribeStatus(HttpContext context) => context.Response.StatusCode switch
    {
        404 => $"no endpoint {context.Request.Method} {context.Request.Path}; the endpoints are /recommend, /similar, /explain, /fold-in, /search, /healthz, /metrics and the page at /.",
        405 => $"{context.Request.Method} is not allowed on {context.Request.Path}.",
        int status => $"the request was refused with status {status}.",
    };

    /// <summary>Serves the embedded page files: <c>/</c> is index.html, the others by name.</summary>
    private static void MapPage(IEndpointRouteBuilder routes)
    {
        Assembly assembly = typeof(ModelServer).Assembly;
        foreach (string resource in assembly.GetManifestResourceNames().Where(name => name.StartsWith(PagePrefix, StringComparison.Ordinal)))
        {
            string file = resource[PagePrefix.Length..];
            using Stream stream = assembly.GetManifestResourceStream(resource)!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            byte[] bytes = buffer.ToArray();
            string type = Path.GetExtension(file) switch
            {
                ".html" => "text/html; charset=utf-8",
                ".js" => "text/javascript; charset=utf-8",
                ".css" => "text/css; charset=utf-8",
                string other => throw new InvalidOperationException($"the page file {file} has an extension ({other}) the server has no type for."),
            };
            RequestDelegate send = context =>
            {
                context.Response.ContentType = type;
                return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
            };
            routes.MapGet("/" + file, send);
            if (file == "index.html") routes.MapGet("/", send);
        }
    }
}
