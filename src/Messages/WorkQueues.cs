namespace Messages;

/// <summary>
/// The queues workers compete on. The coordinator sends its commands to these queues by name rather than
/// publishing them: sending declares the durable queue on the broker, so commands sent before any worker ever
/// connected wait there instead of being dropped by an exchange with no queue bound yet.
/// </summary>
public static class WorkQueues
{
    /// <summary>The queue of <see cref="SolveBlock"/> commands.</summary>
    public const string SolveBlock = "solve-block";

    /// <summary>The queue of <see cref="EvaluateBlock"/> commands.</summary>
    public const string EvaluateBlock = "evaluate-block";

    /// <summary>The send address of <see cref="SolveBlock"/>.</summary>
    public static Uri SolveBlockAddress { get; } = new("queue:" + SolveBlock);

    /// <summary>The send address of <see cref="EvaluateBlock"/>.</summary>
    public static Uri EvaluateBlockAddress { get; } = new("queue:" + EvaluateBlock);
}
