using Messages;

namespace Coordinator;

/// <summary>Receives what the coordinator of a run reports, in the process hosting it: status lines, iteration rows and the end.</summary>
public interface IRunListener
{
    /// <summary>Something the person running the job should read.</summary>
    void OnStatus(RunStatus status);

    /// <summary>An iteration is checkpointed.</summary>
    void OnIteration(IterationCompleted iteration);

    /// <summary>The run ended.</summary>
    void OnFinished(RunFinished finished);
}
