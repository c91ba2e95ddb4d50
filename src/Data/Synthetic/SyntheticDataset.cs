using System.Diagnostics;
using Data.Interactions;
using Linalg.Sparse;

namespace Data.Synthetic;

/// <summary>
/// A synthetic dataset prepared in memory per the evaluation protocol: generated, filtered (users, then
/// artists), split per user, with the training data in both orientations. For the demo and the benchmark.
/// </summary>
/// <param name="Spec">The generator's parameters.</param>
/// <param name="Seed">Generator and split seed.</param>
/// <param name="GeneratedRows">Rows generated before filtering.</param>
/// <param name="Filter">What the filters removed, and the index maps (new → generated).</param>
/// <param name="Train">Training interactions, users × items.</param>
/// <param name="TrainByItem">The same, items × users.</param>
/// <param name="Test">Held-out interactions, users × items.</param>
/// <param name="TestUsers">Users with held-out interactions.</param>
/// <param name="Timings">Wall time of each stage.</param>
public sealed record SyntheticDataset(SyntheticSpec Spec, ulong Seed, long GeneratedRows, FilterSummary Filter, CsrMatrix Train,
    CsrMatrix TrainByItem, CsrMatrix Test, int TestUsers, BuildTimings Timings)
{
    /// <summary>Generates, filters and splits.</summary>
    /// <param name="spec">Generator parameters.</param>
    /// <param name="seed">Seed of the data; the split uses a stream derived from it.</param>
    /// <param name="filter">Activity filters.</param>
    /// <param name="testFraction">Share of each eligible user's artists held out.</param>
    /// <param name="threads">Most threads; the result does not depend on it.</param>
    public static SyntheticDataset Build(SyntheticSpec spec, ulong seed, FilterOptions filter, double testFraction, int threads)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(filter);
        long start = Stopwatch.GetTimestamp();
        CsrMatrix generated = new SyntheticGenerator(spec, seed).BuildMatrix(threads);
        TimeSpan generate = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        FilterResult filtered = InteractionFilter.Apply(generated, filter);
        TimeSpan filtering = Stopwatch.GetElapsedTime(start);
        long generatedRows = generated.NonZeros;
        generated = null!;                                                 // let the unfiltered arrays go before the split allocates

        start = Stopwatch.GetTimestamp();
        // Keys: the generated user index, so the split of a user does not depend on which other users were filtered out.
        ulong[] keys = Array.ConvertAll(filtered.UserMap, user => (ulong)user);
        SplitResult split = HoldoutSplit.Split(filtered.Matrix, testFraction, Linalg.Sampling.SplitMix64.Mix(seed ^ SplitSalt), keys,
            threads: threads);
        TimeSpan splitting = Stopwatch.GetElapsedTime(start);

        start = Stopwatch.GetTimestamp();
        CsrMatrix byItem = split.Train.Transpose();
        TimeSpan transpose = Stopwatch.GetElapsedTime(start);

        return new SyntheticDataset(spec, seed, generatedRows,
            new FilterSummary(filtered.Counts, filtered.UserMap, filtered.ItemMap),
            split.Train, byItem, split.Test, split.TestUsers, new BuildTimings(generate, filtering, splitting, transpose));
    }

    /// <summary>Salt of the split seed, so the split stream differs from the generator's streams.</summary>
    private const ulong SplitSalt = 0x510E527FADE682D1UL;
}
