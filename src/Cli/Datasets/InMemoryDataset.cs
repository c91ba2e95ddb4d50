using System.Globalization;
using Data.Interactions;
using Data.Synthetic;
using Linalg.Sparse;

namespace Cli.Datasets;

/// <summary>Training data held in memory, as the demo and the benchmark use it.</summary>
/// <param name="Train">Training interactions, users × items.</param>
/// <param name="TrainByItem">The same, items × users.</param>
/// <param name="Test">Held-out interactions, users × items.</param>
/// <param name="Source">How it was made (for the log).</param>
internal sealed record InMemoryDataset(CsrMatrix Train, CsrMatrix TrainByItem, CsrMatrix Test, SyntheticDataset Source)
{
    /// <summary>
    /// Generates a synthetic preset, with <paramref name="scale"/> times its users, and prepares it per the evaluation
    /// protocol (default filters, 20% per-user holdout).
    /// </summary>
    public static InMemoryDataset Build(string preset, ulong seed, int threads, int scale = 1)
    {
        SyntheticSpec spec = SyntheticSpec.For(SyntheticSpec.ParsePreset(preset)).ScaleUsers(scale);
        SyntheticDataset data = SyntheticDataset.Build(spec, seed, new FilterOptions(), DatasetDefaults.TestFraction, threads);
        return new InMemoryDataset(data.Train, data.TrainByItem, data.Test, data);
    }

    /// <summary>A few lines on sizes, filters, split and build time.</summary>
    public string Describe()
    {
        FilterCounts counts = Source.Filter.Counts;
        return string.Create(CultureInfo.InvariantCulture,
            $"Dataset '{Source.Spec.Name}': generated {Source.GeneratedRows:N0} rows ({Source.Spec.Users:N0} users x {Source.Spec.Artists:N0} artists); " +
            $"filters removed {counts.UsersBelowMinimum + counts.UsersEmptied:N0} users and {counts.ItemsBelowMinimum:N0} artists ({counts.RowsRemoved:N0} rows).\n" +
            $"Kept {Train.Rows:N0} users x {Train.Columns:N0} artists: {Train.NonZeros:N0} train rows, {Test.NonZeros:N0} test rows " +
            $"({Source.TestUsers:N0} test users). Built in {Source.Timings.Total.TotalSeconds:F2} s.");
    }
}
