namespace Data.Store;

/// <summary>A block of one side: rows [First, First + Count).</summary>
/// <param name="Block">Block id.</param>
/// <param name="First">First row (global index).</param>
/// <param name="Count">Rows.</param>
public sealed record BlockRange(int Block, int First, int Count);
