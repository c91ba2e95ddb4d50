using System.Net;
using Cli.Serving;
using Data.Models;

namespace Cli.Tests.Serving;

/// <summary>The tiny model served by a real Kestrel on a free port of 127.0.0.1, with a client pointed at it.</summary>
public sealed class ServiceFixture : IAsyncLifetime
{
    private ModelServer? _server;

    public TinyModel Tiny { get; } = new();

    public TrainedModel Model { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    internal ModelServer Server => _server!;

    public async Task InitializeAsync()
    {
        Model = TrainedModel.Load(Tiny.Run);
        Model.Preload();
        _server = await ModelServer.StartAsync(Model, IPAddress.Loopback, 0, CancellationToken.None);
        Client = new HttpClient { BaseAddress = _server.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_server is not null) await _server.DisposeAsync();
        Tiny.Dispose();
    }
}
