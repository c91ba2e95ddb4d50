namespace Messages;

/// <summary>The coordinator's own clock tick: it checks whether work is stalled (no live worker, nothing finishing).</summary>
/// <param name="RunId">The run.</param>
public sealed record CheckProgress(Guid RunId);
