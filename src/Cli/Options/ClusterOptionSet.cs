using System.CommandLine;
using Cli.Cluster;

namespace Cli.Options;

/// <summary>Options naming the broker and the factor store, shared by train, worker and cluster.</summary>
internal sealed class ClusterOptionSet
{
    public Option<string?> Broker { get; } = new("--broker")
    {
        Description = $"RabbitMQ URI amqp://user:password@host:5672/vhost (default: the {BrokerAddress.UriVariable} variable, or the file in --broker-file).",
    };

    public Option<string?> BrokerFile { get; } = new("--broker-file")
    {
        Description = $"A file holding the broker URI (default: the {BrokerAddress.FileVariable} variable).",
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "The factor store folder, shared by the coordinator and every worker (train default: RUNDIR/store).",
    };

    public Option<int?> HealthPort { get; } = new("--health-port")
    {
        Description = "Answer HTTP probes on this port: /healthz/live, and /healthz/ready (200 once connected to the broker, 503 before and while stopping).",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Broker);
        command.Options.Add(BrokerFile);
        command.Options.Add(Store);
        command.Options.Add(HealthPort);
        HealthPort.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && int.TryParse(result.Tokens[^1].Value, out int port) && port is < 1 or > 65535) result.AddError("--health-port must be between 1 and 65535.");
        });
    }

    /// <summary>The broker from the options, the environment or a file.</summary>
    public BrokerAddress ResolveBroker(ParseResult parse) => BrokerAddress.Resolve(parse.GetValue(Broker), parse.GetValue(BrokerFile));
}
