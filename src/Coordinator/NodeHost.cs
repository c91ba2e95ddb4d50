using System.Globalization;
using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Akka.Remote.Transport.DotNetty;
using System.Security.Cryptography.X509Certificates;
using Data.Store;
using Messages;
using Messages.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Worker;

namespace Coordinator;

/// <summary>
/// The actor system of one process, set up with Akka.Hosting: remoting, the cluster provider (always), our message
/// serializer, the block shard region (a region on worker nodes, a proxy elsewhere) and, on the coordinator's node, the
/// coordinator singleton. <c>train</c>, <c>cluster</c>, <c>worker</c> and Kubernetes all start nodes through here.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    /// <summary>The shard region's type name.</summary>
    public const string BlockRegion = "blocks";

    /// <summary>The coordinator singleton's name.</summary>
    public const string CoordinatorName = "coordinator";

    /// <summary>
    /// Cluster settings tuned for fast local recovery: a node that misses heartbeats for 5 s is unreachable, and the split
    /// brain resolver downs it after the membership was stable for 5 s more. keep-oldest keeps the side of the oldest node
    /// (the coordinator, which forms the cluster); with down-if-alone a lone oldest node gives way to the others.
    /// The scheduler's clock ticks every 50 ms rather than 10: each tick wakes two threads, which take cores from the
    /// solver, and no timer here needs finer steps (heartbeats are 1 s, the coordinator's deadlines seconds).
    /// </summary>
    private const string Hocon = """
        akka.loglevel = WARNING
        akka.stdout-loglevel = WARNING
        akka.log-dead-letters = off
        akka.log-dead-letters-during-shutdown = off
        akka.cluster.failure-detector.acceptable-heartbeat-pause = 5s
        akka.cluster.split-brain-resolver.stable-after = 5s
        akka.cluster.sharding.passivate-idle-entity-after = off
        akka.coordinated-shutdown.exit-clr = off
        akka.scheduler.tick-duration = 50ms
        """;

    /// <summary>Binds every <see cref="IAlsMessage"/> to <see cref="MessageSerializer"/>.</summary>
    public const string SerializationHocon = """
        akka.actor.serializers.als-messages = "Messages.Serialization.MessageSerializer, Messages"
        akka.actor.serialization-bindings { "Messages.IAlsMessage, Messages" = als-messages }
        """;

    private readonly IHost _host;

    private NodeHost(IHost host, ActorSystem system, BlockWorker? worker)
    {
        _host = host;
        System = system;
        Worker = worker;
    }

    /// <summary>The actor system.</summary>
    public ActorSystem System { get; }

    /// <summary>The block work of this node, or null on a node without the worker role.</summary>
    public BlockWorker? Worker { get; }

    /// <summary>This node's address as other nodes reach it (host:port).</summary>
    public string Address
    {
        get
        {
            Address self = Cluster.Get(System).SelfAddress;
            return string.Create(CultureInfo.InvariantCulture, $"{self.Host}:{self.Port}");
        }
    }

    /// <summary>Whether this node is an Up member of the cluster.</summary>
    public bool IsUp => Cluster.Get(System).SelfMember.Status == MemberStatus.Up;

    /// <summary>Completes when the actor system has terminated (stopped, or downed by the cluster).</summary>
    public Task Terminated => System.WhenTerminated;

    /// <summary>Starts a node; with <paramref name="coordinator"/> it also hosts that run's coordinator singleton.</summary>
    /// <exception cref="ArgumentException">The join address is not host:port.</exception>
    /// <exception cref="InvalidDataException">The TLS certificate file cannot be used (named).</exception>
    public static async Task<NodeHost> StartAsync(NodeOptions options, CoordinatorStart? coordinator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        X509Certificate2? certificate = options.TlsCertificate is null ? null : NodeCertificate.Load(options.TlsCertificate);
        Address? seed = options.Join is null ? null : ParseJoin(options.Join, tls: certificate is not null);
        bool hostsBlocks = options.BlocksInFlight > 0;
        string[] roles = [.. coordinator is null ? [] : new[] { NodeRoles.Coordinator }, .. hostsBlocks ? new[] { NodeRoles.Worker } : []];
        if (roles.Length == 0) throw new ArgumentException("A node needs a role: coordinate a run, or host blocks (--threads/--workers above 0).");

        BlockWorker? worker = hostsBlocks ? new BlockWorker(new FactorStore(options.Store, cacheBlocks: true), options.Threads, options.BlocksInFlight) : null;
        if (worker is not null) KeepPoolThreadsReady(worker.PoolThreadsWanted);
        var identity = WorkerIdentity.ForThisProcess(worker?.Threads ?? 0);
        var log = new BlockLog(options.BlockLog);
        HostApplicationBuilder builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();   // SIGTERM reaches the command, which leaves the cluster in order
        builder.Services.AddAkka(NodeOptions.SystemName, akka =>
        {
            akka.AddHocon(Hocon, HoconAddMode.Prepend);
            akka.AddHocon(SerializationHocon, HoconAddMode.Prepend);
            akka.WithRemoting(new RemoteOptions
            {
                HostName = options.Hostname,
                PublicHostName = options.PublicHostname ?? options.Hostname,
                Port = options.Port,
                EnableSsl = certificate is not null,
                Ssl = certificate is null ? null! : new SslOptions
                {
                    X509Certificate = certificate,
                    RequireMutualAuthentication = true,            // both ends show the certificate
                    ValidateCertificateHostname = false,           // one certificate for every node, whatever its address
                    CustomValidator = CertificateValidation.PinnedCertificate(certificate.Thumbprint),   // only our certificate, self-signed or not
                },
            });
            akka.WithClustering(new ClusterOptions
            {
                Roles = roles,
                SplitBrainResolver = new KeepOldestOption { DownIfAlone = true },
            });
            var extractor = new BlockMessageExtractor();
            if (worker is not null)
                akka.WithShardRegion<BlockRegionKey>(BlockRegion, entityId => BlockActor.Props(entityId, worker, identity, log), extractor,
                    new ShardOptions { Role = NodeRoles.Worker, ShouldPassivateIdleEntities = false });
            else
                akka.WithShardRegionProxy<BlockRegionKey>(BlockRegion, NodeRoles.Worker, extractor);
            if (coordinator is not null)
                akka.WithSingleton<CoordinatorKey>(CoordinatorName, (_, registry, _) => CoordinatorActor.Props(coordinator.Work, coordinator.RunId, coordinator.Resume,
                    coordinator.Settings, registry.Get<BlockRegionKey>(), coordinator.Listener, coordinator.Time, watchCluster: true),
                    new ClusterSingletonOptions { Role = NodeRoles.Coordinator }, createProxyToo: false);
            akka.AddStartup((system, _) =>
            {
                var cluster = Cluster.Get(system);
                if (seed is null) cluster.Join(cluster.SelfAddress);                    // the first member: a new cluster
                else cluster.JoinSeedNodes([seed]);
            });
        });
        IHost host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            worker?.Dispose();
            throw;
        }
        return new NodeHost(host, host.Services.GetRequiredService<ActorSystem>(), worker);
    }

    /// <summary>Raises the process's thread-pool minimum to <paramref name="threads"/> (never lowers it): the node owns the process, its block worker only says what it needs.</summary>
    private static void KeepPoolThreadsReady(int threads)
    {
        ThreadPool.GetMinThreads(out int workers, out int io);
        if (threads > workers) ThreadPool.SetMinThreads(threads, io);
    }

    /// <summary>Parses <c>host:port</c> into the address of a node of this cluster (over TLS when <paramref name="tls"/>).</summary>
    /// <exception cref="ArgumentException">Not host:port with a port from 1 to 65535, or a host that is no host name or address
    /// (e.g. <c>user:password@host</c>: the message then does not repeat the value, which may hold a password).</exception>
    public static Address ParseJoin(string join, bool tls = false)
    {
        ArgumentNullException.ThrowIfNull(join);
        if (!join.All(character => char.IsAsciiLetterOrDigit(character) || character is '.' or '-' or '_' or ':' or '[' or ']'))
            throw new ArgumentException("--join takes HOST:PORT alone: letters, digits, '.', '-', ':' (no user, password, scheme or path; " +
                "the value is not repeated here, since it may hold a password).");
        int colon = join.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(join.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"--join '{join}' is not HOST:PORT (the address a `train` or `cluster` process prints).");
        return new Address(tls ? "akka.ssl.tcp" : "akka.tcp", NodeOptions.SystemName, join[..colon], port);
    }

    /// <summary>Why the actor system stopped (or is stopping), or null while it runs.</summary>
    public CoordinatedShutdown.Reason? ShutdownReason => CoordinatedShutdown.Get(System).ShutdownReason;

    /// <summary>
    /// Leaves the cluster (CoordinatedShutdown: shards handed to other nodes, singleton handed over) and stops the actor
    /// system, waiting at most <see cref="ShutdownGrace"/> for it.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            Task leaving = CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await Task.WhenAny(leaving, Task.Delay(ShutdownGrace));
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _host.StopAsync(grace.Token);
        }
        finally
        {
            _host.Dispose();
            Worker?.Dispose();
        }
    }

    /// <summary>How long leaving the cluster may take before the process goes anyway (well inside a pod's grace period).</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(30);

    /// <summary>A lifetime that leaves signals to the command line: its cancellation token stops the node through <see cref="DisposeAsync"/>.</summary>
    private sealed class CommandLifetime : IHostLifetime
    {
        public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class BlockRegionKey;

    private sealed class CoordinatorKey;
}
