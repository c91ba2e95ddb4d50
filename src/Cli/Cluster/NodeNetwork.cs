namespace Cli.Cluster;

/// <summary>How a node binds, is reached and is probed (the network options of train, cluster and worker).</summary>
/// <param name="Hostname">Address remoting binds to.</param>
/// <param name="PublicHostname">Address other nodes reach it at (null: the bind address).</param>
/// <param name="Port">Remoting port (0: a free one).</param>
/// <param name="ManagementPort">Port of the HTTP health endpoints, or null for none.</param>
/// <param name="TlsCertificate">The cluster's certificate file for TLS remoting, or null for plain TCP.</param>
internal sealed record NodeNetwork(string Hostname, string? PublicHostname, int Port, int? ManagementPort, string? TlsCertificate = null)
{
    /// <summary>Loopback, a free port, no probes: a node of a local cluster.</summary>
    public static NodeNetwork Local { get; } = new(Coordinator.NodeOptions.DefaultHostname, null, 0, null);
}
