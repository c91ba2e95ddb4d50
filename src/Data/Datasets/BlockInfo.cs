namespace Data.Datasets;

/// <summary>One block: a contiguous range of users (or items).</summary>
/// <param name="Block">Block id.</param>
/// <param name="First">First row index.</param>
/// <param name="Count">Rows (users or items) in the block.</param>
/// <param name="TrainRows">Training rows in its file.</param>
/// <param name="TestRows">Held-out rows in its test file (user blocks only).</param>
public sealed record BlockInfo(int Block, int First, int Count, long TrainRows, long TestRows);
