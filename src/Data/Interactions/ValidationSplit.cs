using Linalg.Evaluation;
using Linalg.Sampling;
using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>
/// Carves a validation set out of the <em>training</em> rows, for hyperparameter search: a seeded sample of users
/// (among those with at least <see cref="HoldoutSplit.DefaultMinInteractions"/> training artists) each have a share
/// of their training artists moved to validation by the same per-user rule as <see cref="HoldoutSplit"/>. Every other
/// user keeps all their rows. The test split is never an input, so tuning cannot see it.
/// </summary>
/// <remarks>
/// Worked example, fraction 0.2: a sampled user with 10 training artists keeps 8 in <see cref="ValidationSplitResult.Train"/>
/// and has 2 in <see cref="ValidationSplitResult.Validation"/>; an unsampled user keeps all 10. Train ∪ Validation is
/// the input and the two are disjoint. The sample and the held-out artists depend only on the seed and the input.
/// </remarks>
public static class ValidationSplit
{
    /// <summary>Mixed into the seed so validation never repeats the held-out choice of the dataset's own split with the same seed.</summary>
    private const ulong ValidationStream = 0x76616C6964617465UL;   // "validate"

    /// <summary>Splits <paramref name="train"/> (users × items).</summary>
    /// <param name="train">The training rows; not modified.</param>
    /// <param name="users">Users to sample (0 or more than are eligible: all eligible users).</param>
    /// <param name="fraction">Share of a sampled user's artists held out, in (0, 1).</param>
    /// <param name="seed">Seed of the sample and of each user's choice.</param>
    /// <param name="threads">Most threads; the result does not depend on it.</param>
    /// <exception cref="ArgumentException">The fraction is out of range or <paramref name="users"/> is negative.</exception>
    public static ValidationSplitResult Carve(CsrMatrix train, int users, double fraction, ulong seed, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegative(users);
        if (!(fraction > 0 && fraction < 1)) throw new ArgumentException($"The validation fraction must be in (0, 1); got {fraction}.", nameof(fraction));
        ulong derived = SplitMix64.Mix(seed ^ ValidationStream);
        int[] sample = SampleUsers(train, users, derived);

        // Only the sampled users' rows go through the holdout rule; the others' rows stay where they are.
        var sampled = new bool[train.Rows];
        foreach (int user in sample) sampled[user] = true;
        var pointers = new int[train.Rows + 1];
        for (int user = 0; user < train.Rows; user++) pointers[user + 1] = pointers[user] + (sampled[user] ? train.RowLength(user) : 0);
        var columns = new int[pointers[^1]];
        var values = new float[columns.Length];
        foreach (int user in sample)
        {
            train.RowColumns(user).CopyTo(columns.AsSpan(pointers[user]));
            train.RowValues(user).CopyTo(values.AsSpan(pointers[user]));
        }
        SplitResult split = HoldoutSplit.Split(new CsrMatrix(train.Rows, train.Columns, pointers, columns, values), fraction, derived,
            minInteractions: HoldoutSplit.DefaultMinInteractions, threads: threads);

        // Remaining training rows: the sampled users' split train rows, everyone else's full rows.
        var keptPointers = new int[train.Rows + 1];
        for (int user = 0; user < train.Rows; user++)
            keptPointers[user + 1] = keptPointers[user] + (sampled[user] ? split.Train.RowLength(user) : train.RowLength(user));
        var keptColumns = new int[keptPointers[^1]];
        var keptValues = new float[keptColumns.Length];
        for (int user = 0; user < train.Rows; user++)
        {
            CsrMatrix source = sampled[user] ? split.Train : train;
            source.RowColumns(user).CopyTo(keptColumns.AsSpan(keptPointers[user]));
            source.RowValues(user).CopyTo(keptValues.AsSpan(keptPointers[user]));
        }
        int[] validationUsers = [.. sample.Where(user => split.Test.RowLength(user) > 0)];
        return new ValidationSplitResult(new CsrMatrix(train.Rows, train.Columns, keptPointers, keptColumns, keptValues), split.Test, validationUsers);
    }

    /// <summary>A seeded sample of <paramref name="count"/> users with enough training rows to give some away, ascending.</summary>
    private static int[] SampleUsers(CsrMatrix train, int count, ulong seed)
    {
        var eligible = new List<int>();
        for (int user = 0; user < train.Rows; user++) if (train.RowLength(user) >= HoldoutSplit.DefaultMinInteractions) eligible.Add(user);
        return RankingEvaluator.Sample([.. eligible], count, seed);
    }
}
