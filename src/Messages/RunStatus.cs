namespace Messages;

/// <summary>Event: something the person running the job should read (resuming from checkpoint N, waiting for workers, …).</summary>
/// <param name="RunId">The run.</param>
/// <param name="Message">The text.</param>
public sealed record RunStatus(Guid RunId, string Message) : IAlsMessage;
