namespace Data.Store;

/// <summary>
/// The validation set of a run as planned (in <c>run.json</c>): carved out of the training rows before the first
/// iteration by <c>ValidationSplit.Carve</c> from the run's seed, stored beside the plan in <c>validation.parquet</c>,
/// and never trained on. A resume reads the same rows, so it continues bit for bit.
/// </summary>
/// <param name="Options">What was asked.</param>
/// <param name="Seed">The seed the rows were drawn with (the run's seed).</param>
/// <param name="Users">Users with at least one validation row.</param>
/// <param name="Rows">Validation rows (user–artist pairs) taken out of training.</param>
/// <param name="Crc32">CRC-32 of <c>validation.parquet</c>, checked whenever it is read.</param>
public sealed record ValidationPlan(ValidationOptions Options, ulong Seed, int Users, int Rows, string Crc32);
