namespace Data.Synthetic;

/// <summary>Wall time of each stage of <see cref="SyntheticDataset.Build"/>.</summary>
/// <param name="Generate">Generating the users × artists matrix.</param>
/// <param name="Filter">The activity filters.</param>
/// <param name="Split">The per-user split.</param>
/// <param name="Transpose">The items × users copy of train.</param>
public sealed record BuildTimings(TimeSpan Generate, TimeSpan Filter, TimeSpan Split, TimeSpan Transpose)
{
    /// <summary>All stages.</summary>
    public TimeSpan Total => Generate + Filter + Split + Transpose;
}
