using Cli.Runs;
using Data.Store;
using Linalg.Als;

namespace Cli.Cluster;

/// <summary>A training run as the command line asked for it.</summary>
/// <param name="Command">The subcommand (train or cluster), for the resume command printed on failure.</param>
/// <param name="Data">The prepared dataset (null when resuming: the plan has it).</param>
/// <param name="Output">The run folder (null: a new folder under runs/).</param>
/// <param name="Options">ALS parameters.</param>
/// <param name="Evaluation">Per-iteration evaluation.</param>
/// <param name="Workers">Blocks solved at once in this process; 0 for a coordinator-only node that waits for worker nodes.</param>
/// <param name="Network">How this node binds, is reached and is probed.</param>
/// <param name="Store">The factor store folder (null: RUNDIR/store).</param>
/// <param name="KeepCheckpoints">Checkpoints kept.</param>
/// <param name="Resume">Continue the run in <paramref name="Output"/> from its newest sound checkpoint.</param>
/// <param name="StallTimeout">How long to wait without progress before failing.</param>
/// <param name="ResumeOptions">Options the resume command repeats besides --out (such as --workers 0).</param>
/// <param name="ResumeIterations">With <paramref name="Resume"/>: the --iterations given, the run's new length (null: as planned).</param>
internal sealed record TrainingRequest(string Command, string? Data, string? Output, AlsOptions Options, EvaluationSettings Evaluation, int Workers,
    NodeNetwork Network, string? Store, int KeepCheckpoints, bool Resume, TimeSpan StallTimeout, string ResumeOptions = "", int? ResumeIterations = null)
{
    /// <summary>The validation rows to carve out of training, with keep-best and early stopping (null: no validation).</summary>
    public ValidationOptions? Validation { get; init; }

    /// <summary>Worker nodes the command starts itself (<c>cluster --workers N</c>): the first blocks wait until they have joined.</summary>
    public int StartedWorkerNodes { get; init; }
}
