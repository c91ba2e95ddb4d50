using Linalg.Sampling;
using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>
/// The protocol's split: every user with at least <c>minInteractions</c> interactions has
/// h = max(1, round(f·n)) of their n artists held out at random as test (f = test fraction, rounding half away
/// from zero; at most n − 1, so every user keeps a training row); other users keep everything in train.
/// </summary>
/// <remarks>
/// The choice for a user comes from its own stream <c>SplitMix64.Derive(seed, key)</c>, where the key is a
/// stable per-user value supplied by the caller (a hash of the user id in a prepared dataset; by default the row
/// index). So the same seed gives the same test set whatever the block layout, thread count or row order.
/// </remarks>
public static class HoldoutSplit
{
    /// <summary>Default share of a user's artists held out.</summary>
    public const double DefaultTestFraction = 0.2;

    /// <summary>Users with fewer interactions than this keep everything in train.</summary>
    public const int DefaultMinInteractions = 5;

    /// <summary>How many of <paramref name="interactions"/> are held out.</summary>
    public static int HeldOutCount(int interactions, double testFraction, int minInteractions = DefaultMinInteractions)
    {
        if (interactions < Math.Max(2, minInteractions) || testFraction <= 0) return 0;
        int count = (int)Math.Round(testFraction * interactions, MidpointRounding.AwayFromZero);
        return Math.Clamp(count, 1, interactions - 1);
    }

    /// <summary>Splits <paramref name="userItems"/>.</summary>
    /// <param name="userItems">Users × items.</param>
    /// <param name="testFraction">Share held out, in [0, 1).</param>
    /// <param name="seed">Split seed.</param>
    /// <param name="userKeys">One stable key per row, or empty to use the row index.</param>
    /// <param name="minInteractions">Users below this keep everything.</param>
    /// <param name="threads">Most threads; the result does not depend on it.</param>
    /// <exception cref="ArgumentException">The fraction is out of range or the keys do not match the rows.</exception>
    public static SplitResult Split(CsrMatrix userItems, double testFraction, ulong seed, ReadOnlySpan<ulong> userKeys = default,
        int minInteractions = DefaultMinInteractions, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        if (!(testFraction >= 0 && testFraction < 1))
            throw new ArgumentException($"The test fraction must be in [0, 1); got {testFraction}.", nameof(testFraction));
        if (!userKeys.IsEmpty && userKeys.Length != userItems.Rows)
            throw new ArgumentException($"{userKeys.Length} user keys for {userItems.Rows} users.", nameof(userKeys));
        int users = userItems.Rows;
        var trainPointers = new int[users + 1];
        var testPointers = new int[users + 1];
        int testUsers = 0;
        for (int user = 0; user < users; user++)
        {
            int length = userItems.RowLength(user), held = HeldOutCount(length, testFraction, minInteractions);
            if (held > 0) testUsers++;
            testPointers[user + 1] = testPointers[user] + held;
            trainPointers[user + 1] = trainPointers[user] + length - held;
        }
        var trainColumns = new int[trainPointers[users]];
        var trainValues = new float[trainColumns.Length];
        var testColumns = new int[testPointers[users]];
        var testValues = new float[testColumns.Length];
        ulong[] keys = userKeys.ToArray();

        Parallel.For(0, users, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            () => new List<int>(), (user, _, positions) =>
            {
                ReadOnlySpan<int> row = userItems.RowColumns(user);
                ReadOnlySpan<float> plays = userItems.RowValues(user);
                int held = testPointers[user + 1] - testPointers[user];
                positions.Clear();
                for (int j = 0; j < row.Length; j++) positions.Add(j);
                var random = SplitMix64.Derive(seed, keys.Length > 0 ? keys[user] : (ulong)user);
                for (int i = 0; i < held; i++)                              // partial Fisher–Yates: positions[0..held) are held out
                {
                    int pick = i + random.NextInt(positions.Count - i);
                    (positions[i], positions[pick]) = (positions[pick], positions[i]);
                }
                positions.Sort(0, held, null);
                int test = testPointers[user], train = trainPointers[user], next = 0;
                for (int j = 0; j < row.Length; j++)                        // both outputs stay sorted by item
                {
                    if (next < held && positions[next] == j)
                    {
                        testColumns[test] = row[j];
                        testValues[test++] = plays[j];
                        next++;
                    }
                    else
                    {
                        trainColumns[train] = row[j];
                        trainValues[train++] = plays[j];
                    }
                }
                return positions;
            }, _ => { });

        return new SplitResult(
            new CsrMatrix(users, userItems.Columns, trainPointers, trainColumns, trainValues),
            new CsrMatrix(users, userItems.Columns, testPointers, testColumns, testValues),
            testUsers);
    }
}
