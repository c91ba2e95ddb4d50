using System.CommandLine;
using Cli.Cluster;
using Coordinator;

namespace Cli.Options;

/// <summary>Options of a cluster node, shared by train, cluster and worker: where remoting binds and is reached, the factor store, the health port.</summary>
internal sealed class ClusterOptionSet
{
    public Option<string> Hostname { get; } = new("--hostname")
    {
        Description = "Address remoting binds to.",
        DefaultValueFactory = _ => NodeOptions.DefaultHostname,
    };

    public Option<string?> PublicHostname { get; } = new("--public-hostname")
    {
        Description = "Address other nodes reach this one at (default: --hostname).",
    };

    public Option<int> Port { get; } = new("--port")
    {
        Description = "Remoting port (0: a free one).",
        DefaultValueFactory = _ => 0,
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The factor store folder, shared by every node (train default: RUNDIR/store).",
    };

    public Option<int?> ManagementPort { get; } = new("--management-port")
    {
        Description = "Answer HTTP probes on this port: /healthz/live, and /healthz/ready (200 once this node is an Up member of the cluster, 503 before and while stopping).",
    };

    public Option<string?> TlsCertificate { get; } = new("--tls-certificate")
    {
        Description = "The cluster's certificate (PEM with its private key, or PKCS#12 without a password): remoting over TLS, and only nodes holding it may join. `cluster` makes a throwaway one when none is given.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(TlsCertificate);
        command.Options.Add(Hostname);
        command.Options.Add(PublicHostname);
        command.Options.Add(Port);
        command.Options.Add(Store);
        command.Options.Add(ManagementPort);
        AlsOptionSet.AddRange(Port, 0, 65535);
        ManagementPort.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int port) && port is < 1 or > 65535) result.AddError("--management-port must be between 1 and 65535.");
        });
    }

    /// <summary>The node's network settings.</summary>
    public NodeNetwork Read(ParseResult parse) =>
        new(parse.GetValue(Hostname) ?? NodeOptions.DefaultHostname, parse.GetValue(PublicHostname), parse.GetValue(Port), parse.GetValue(ManagementPort),
            parse.GetValue(TlsCertificate));
}
