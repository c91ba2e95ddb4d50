namespace Cli.Datasets;

/// <summary>Defaults of the data-side options.</summary>
internal static class DatasetDefaults
{
    /// <summary>Seed of generated data and of the split (the seeds' choice of 42).</summary>
    public const ulong Seed = 42;

    /// <summary>Share of each eligible user's artists held out for testing.</summary>
    public const double TestFraction = Data.Interactions.HoldoutSplit.DefaultTestFraction;
}
