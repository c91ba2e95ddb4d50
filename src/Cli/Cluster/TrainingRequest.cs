using Cli.Runs;
using Linalg.Als;

namespace Cli.Cluster;

/// <summary>A training run as the command line asked for it.</summary>
/// <param name="Data">The prepared dataset (null when resuming: the plan has it).</param>
/// <param name="Output">The run folder (null: a new folder under runs/).</param>
/// <param name="Options">ALS parameters.</param>
/// <param name="Evaluation">Per-iteration evaluation.</param>
/// <param name="Workers">In-process workers (blocks solved at once in this process).</param>
/// <param name="Broker">RabbitMQ, or null for the in-memory transport.</param>
/// <param name="Store">The factor store folder (null: RUNDIR/store).</param>
/// <param name="KeepCheckpoints">Checkpoints kept.</param>
/// <param name="Resume">Continue the run in <paramref name="Output"/> from its newest sound checkpoint.</param>
/// <param name="StallTimeout">How long to wait without progress before failing.</param>
/// <param name="HealthPort">Port of the HTTP probes, or null for none.</param>
internal sealed record TrainingRequest(string? Data, string? Output, AlsOptions Options, EvaluationSettings Evaluation, int Workers, BrokerAddress? Broker,
    string? Store, int KeepCheckpoints, bool Resume, TimeSpan StallTimeout, int? HealthPort = null);
