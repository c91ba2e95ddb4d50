using Data.Runs;
using Linalg.Als;
using Data.Store;
using Messages;

namespace Coordinator;

/// <summary>
/// The coordinator's state for one run, kept in memory (a restarted coordinator rebuilds it from the store's
/// checkpoints). Holds the phase in progress and its barrier: which blocks are pending, when each was last sent, and how
/// often each failed.
/// </summary>
public sealed class RunState
{
    /// <summary>The run id.</summary>
    public Guid RunId { get; set; }

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
    /// Observed loss terms of the current half-step, by block (item blocks carry them; user blocks zero). The evaluation
    /// that follows the item half-step leaves them in place, so the checkpoint sums the item blocks' terms from here.
    /// </summary>
    public ObservedLossTerms[] Losses { get; set; } = [];

    /// <summary>
    /// Seconds each block took when last solved, by side and block (empty before the first answers): the next
    /// half-step sends the slowest blocks first, so the last blocks to start are short ones and no worker idles long
    /// at the barrier.
    /// </summary>
    public Dictionary<BlockSide, double[]> BlockSeconds { get; } = [];

    /// <summary>Seconds each user block's evaluation took last time (empty before the first evaluation), for its deadline.</summary>
    public double[] EvaluationSeconds { get; set; } = [];

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

    /// <summary>When each pending block of the current phase was last sent (for the re-send deadline).</summary>
    public Dictionary<int, DateTime> SentUtc { get; } = [];

    /// <summary>Failed answers of the current phase, by block (for the bounded retries).</summary>
    public Dictionary<int, int> Failures { get; } = [];

    /// <summary>Commands re-sent in this run (deadline passed or a worker left): for the log and the tests.</summary>
    public int Resends { get; set; }

    /// <summary>Set when the run has nothing left to do (it ended, or resumed after its last iteration).</summary>
    public bool Finished { get; set; }

    /// <summary>The iteration with the best validation NDCG so far (null without validation), from the checkpoints.</summary>
    public int? BestIteration { get; set; }

    /// <summary>Whether <c>--early-stopping</c> ends the run at the current iteration.</summary>
    public bool StoppedEarly { get; set; }

    /// <summary>Which iteration the model kept and why, once <see cref="RunCoordinator.Finish"/> wrote it.</summary>
    public ModelSelection? Selection { get; set; }
}
