namespace Data.Synthetic;

/// <summary>A line the writer added on purpose: its 1-based line number and what it is.</summary>
/// <param name="Line">1-based line number in the written file.</param>
/// <param name="Kind">The fault, or null for a duplicate (a valid line repeating a user–artist pair).</param>
public sealed record InjectedLine(long Line, FaultKind? Kind);
