namespace Data.Datasets;

/// <summary>
/// Where <c>prepare</c> spent its time, in seconds (manifest.json's <c>timings</c>; the only fields that differ
/// between two runs on the same input, besides <c>created_utc</c>).
/// </summary>
/// <param name="Read">Reading the input and cutting it into chunks of whole lines (HetRec and Parquet inputs: their whole import).</param>
/// <param name="Parse">Checking lines and splitting them into fields, summed over the parser threads.</param>
/// <param name="Key">Numbering user ids and artist keys (summed over threads) and summing duplicate user–artist rows.</param>
/// <param name="Filter">The activity filters.</param>
/// <param name="Split">The per-user train/test split.</param>
/// <param name="Write">Writing the blocks and the id maps.</param>
/// <param name="Total">Wall time of the whole preparation; less than the sum when the import ran on several threads.</param>
/// <param name="Threads">Threads used.</param>
public sealed record PrepareTimings(double Read, double Parse, double Key, double Filter, double Split, double Write, double Total, int Threads);
