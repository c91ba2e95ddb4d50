namespace Coordinator;

/// <summary>How one process joins the training cluster.</summary>
/// <param name="Hostname">Address remoting binds to.</param>
/// <param name="PublicHostname">Address other nodes reach this one at (null: <paramref name="Hostname"/>).</param>
/// <param name="Port">Remoting port; 0 picks a free one.</param>
/// <param name="Join">The seed to join (host:port), or null to start a new cluster with this node as its first member.</param>
/// <param name="Store">The factor store folder, shared by every node.</param>
/// <param name="Threads">Solver threads of this node, all blocks together.</param>
/// <param name="BlocksInFlight">Blocks in flight at once on this node (one computing, the others preparing or writing); 0 makes a node without the worker role.</param>
/// <param name="BlockLog">Where a worker node logs each block, or null for silence.</param>
/// <param name="TlsCertificate">The cluster's certificate file (PEM or PKCS#12 with its key): remoting over TLS, peers pinned to it; null for plain TCP.</param>
public sealed record NodeOptions(string Hostname, string? PublicHostname, int Port, string? Join, string Store, int Threads, int BlocksInFlight,
    TextWriter? BlockLog = null, string? TlsCertificate = null)
{
    /// <summary>The actor system's name, the same on every node (it is part of every address).</summary>
    public const string SystemName = "als";

    /// <summary>Remoting binds to the loopback unless told otherwise.</summary>
    public const string DefaultHostname = "127.0.0.1";
}
