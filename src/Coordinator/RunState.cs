using Data.Store;
using MassTransit;
using Messages;

namespace Coordinator;

/// <summary>
/// The coordinator's state for one run (a MassTransit saga instance, kept in memory: a restarted coordinator
/// rebuilds it from the store's checkpoints). Holds the half-step in progress and its barrier.
/// </summary>
public sealed class RunState : SagaStateMachineInstance
{
    /// <summary>The run id.</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The state machine's state name.</summary>
    public string CurrentState { get; set; } = "";

    /// <summary>This coordinator's attempt (epoch).</summary>
    public int Attempt { get; set; }

    /// <summary>The plan.</summary>
    public RunPlan? Plan { get; set; }

    /// <summary>The iteration in progress.</summary>
    public int Iteration { get; set; }

    /// <summary>Blocks of the current phase not yet answered.</summary>
    public HashSet<int> Pending { get; } = [];

    /// <summary>Partial Gram matrices of the current half-step, by block.</summary>
    public double[][] Grams { get; set; } = [];

    /// <summary>Block file CRCs of the current half-step, by block.</summary>
    public string[] Crcs { get; set; } = [];

    /// <summary>
    /// Seconds each block took when last solved, by side and block (empty before the first answers): the next
    /// half-step sends the slowest blocks first, so the last blocks to start are short ones and no worker idles long
    /// at the barrier.
    /// </summary>
    public Dictionary<BlockSide, double[]> BlockSeconds { get; } = [];

    /// <summary>Evaluation answers of the current iteration, by block.</summary>
    public BlockEvaluated?[] Evaluations { get; set; } = [];

    /// <summary>When the iteration's user half-step started.</summary>
    public DateTime IterationStartedUtc { get; set; }

    /// <summary>Seconds of the iteration's two half-steps.</summary>
    public double HalfStepSeconds { get; set; }

    /// <summary>When the evaluation started.</summary>
    public DateTime EvaluationStartedUtc { get; set; }

    /// <summary>When a block last finished (for stall detection).</summary>
    public DateTime LastProgressUtc { get; set; }

    /// <summary>When the last "waiting for workers" notice went out.</summary>
    public DateTime? LastWaitingNoticeUtc { get; set; }

    /// <summary>Set when the run has nothing left to do (it ended, or resumed after its last iteration).</summary>
    public bool Finished { get; set; }
}
