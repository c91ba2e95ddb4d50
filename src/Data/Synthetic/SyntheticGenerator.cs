using Linalg.Sampling;
using Linalg.Sparse;

namespace Data.Synthetic;

/// <summary>
/// Generates Last.fm-shaped listening data: for every user a set of distinct artists with play counts, drawn
/// from a popularity power law mixed with latent taste groups (the model is documented on <see cref="SyntheticSpec"/>).
/// </summary>
/// <remarks>
/// Each user is generated from its own stream <c>SplitMix64.Derive(seed, user)</c>: users can be generated in any
/// order, in parallel, or only some of them, and always come out the same. Nothing holds all rows as objects:
/// <see cref="GenerateUser"/> fills a reusable <see cref="UserBuffer"/>; <see cref="BuildMatrix"/> writes straight
/// into the arrays of a CSR matrix.
/// </remarks>
public sealed class SyntheticGenerator
{
    /// <summary>Failed draws (already chosen artists) before a pick falls back to the whole catalogue, then to uniform: bounds the work per pick.</summary>
    private const int MaxRedraws = 64;

    /// <summary>Stream salt of the per-artist group assignment, so it is independent of the user streams.</summary>
    private const ulong GroupSalt = 0x6A09E667F3BCC908UL;

    private readonly double[] _cumulativeWeights;
    private readonly int[] _groupOf;
    private readonly int[][] _groupArtists;
    private readonly double[][] _groupCumulativeWeights;

    /// <summary>Prepares the popularity and taste-group tables of <paramref name="spec"/> under <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentException">A parameter of the spec is out of range (named).</exception>
    public SyntheticGenerator(SyntheticSpec spec, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Validate(spec);
        Spec = spec;
        Seed = seed;
        Identities = new SyntheticIdentities(seed, spec.MissingMbidShare);

        _cumulativeWeights = new double[spec.Artists];
        _groupOf = new int[spec.Artists];
        var groupSizes = new int[spec.TasteGroups];
        double total = 0;
        for (int artist = 0; artist < spec.Artists; artist++)
        {
            total += Weight(artist);
            _cumulativeWeights[artist] = total;
            int group = (int)(SplitMix64.Mix(seed ^ GroupSalt ^ SplitMix64.Mix((ulong)artist)) % (ulong)spec.TasteGroups);
            _groupOf[artist] = group;
            groupSizes[group]++;
        }
        _groupArtists = new int[spec.TasteGroups][];
        _groupCumulativeWeights = new double[spec.TasteGroups][];
        for (int group = 0; group < spec.TasteGroups; group++)
        {
            _groupArtists[group] = new int[groupSizes[group]];
            _groupCumulativeWeights[group] = new double[groupSizes[group]];
        }
        var filled = new int[spec.TasteGroups];
        var groupTotals = new double[spec.TasteGroups];
        for (int artist = 0; artist < spec.Artists; artist++)
        {
            int group = _groupOf[artist], position = filled[group]++;
            groupTotals[group] += Weight(artist);
            _groupArtists[group][position] = artist;
            _groupCumulativeWeights[group][position] = groupTotals[group];
        }
    }

    /// <summary>The shape parameters.</summary>
    public SyntheticSpec Spec { get; }

    /// <summary>The seed.</summary>
    public ulong Seed { get; }

    /// <summary>User ids, artist MBIDs and names that go with this data.</summary>
    public SyntheticIdentities Identities { get; }

    /// <summary>The taste group of <paramref name="artist"/>.</summary>
    public int GroupOf(int artist) => _groupOf[artist];

    /// <summary>How many artists <paramref name="user"/> has (the first draw of the user's stream).</summary>
    public int ActivityOf(int user)
    {
        var random = SplitMix64.Derive(Seed, (ulong)user);
        return DrawActivity(ref random);
    }

    /// <summary>
    /// Generates <paramref name="user"/>'s artists (ascending, distinct) and plays into <paramref name="buffer"/>;
    /// returns how many. The user's taste groups are in <see cref="UserBuffer.Groups"/>.
    /// </summary>
    public int GenerateUser(int user, UserBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(user, Spec.Users);
        var random = SplitMix64.Derive(Seed, (ulong)user);
        int count = DrawActivity(ref random);
        buffer.Prepare(count, Spec.MaxGroupsPerUser);

        int groupCount = 1 + random.NextInt(Spec.MaxGroupsPerUser);
        for (int g = 0; g < groupCount; g++) buffer.GroupStorage[g] = random.NextInt(Spec.TasteGroups);
        buffer.GroupCount = groupCount;

        HashSet<int> chosen = buffer.Chosen;
        for (int pick = 0; pick < count; pick++)
        {
            bool inTaste = random.NextDouble() < Spec.InTasteShare;
            int artist = -1;
            if (inTaste)
            {
                int group = buffer.GroupStorage[random.NextInt(groupCount)];
                for (int attempt = 0; attempt < MaxRedraws && artist < 0; attempt++)
                {
                    int candidate = _groupArtists[group].Length == 0 ? -1
                        : _groupArtists[group][Search(_groupCumulativeWeights[group], random.NextDouble())];
                    if (candidate >= 0 && chosen.Add(candidate)) artist = candidate;
                }
            }
            for (int attempt = 0; attempt < MaxRedraws && artist < 0; attempt++)
            {
                int candidate = Search(_cumulativeWeights, random.NextDouble());
                if (chosen.Add(candidate)) artist = candidate;
            }
            while (artist < 0)                                           // the head is exhausted: uniform always ends (count ≤ artists / 2)
            {
                int candidate = random.NextInt(Spec.Artists);
                if (chosen.Add(candidate)) artist = candidate;
            }
            bool matchesTaste = IsInTaste(artist, buffer);
            double plays = Math.Ceiling(Math.Exp(Math.Log(Spec.PlaysMedian) + Spec.PlaysSigma * random.NextGaussian()))
                * (matchesTaste ? Spec.InTastePlaysFactor : 1.0);
            buffer.ArtistStorage[pick] = artist;
            buffer.PlayStorage[pick] = (int)Math.Clamp(Math.Round(plays), 1, Spec.MaxPlays);
        }
        buffer.ArtistStorage.AsSpan(0, count).Sort(buffer.PlayStorage.AsSpan(0, count));
        return count;
    }

    /// <summary>All users as a users × artists CSR matrix of plays, built in parallel and identical for any thread count.</summary>
    public CsrMatrix BuildMatrix(int threads)
    {
        int users = Spec.Users;
        var pointers = new int[users + 1];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) };
        Parallel.For(0, users, options, user => pointers[user + 1] = ActivityOf(user));
        long total = 0;
        for (int user = 0; user < users; user++)
        {
            total += pointers[user + 1];
            if (total > Array.MaxLength) throw new InvalidOperationException($"{total} rows exceed one CSR matrix.");
            pointers[user + 1] = (int)total;
        }
        var columns = new int[total];
        var values = new float[total];
        Parallel.For(0, users, options, () => new UserBuffer(), (user, _, buffer) =>
        {
            int count = GenerateUser(user, buffer);
            int start = pointers[user];
            buffer.Artists.CopyTo(columns.AsSpan(start, count));
            for (int j = 0; j < count; j++) values[start + j] = buffer.Plays[j];
            return buffer;
        }, _ => { });
        return new CsrMatrix(users, Spec.Artists, pointers, columns, values);
    }

    private int DrawActivity(ref SplitMix64 random)
    {
        double draw = Math.Round(Math.Exp(Math.Log(Spec.ActivityMedian) + Spec.ActivitySigma * random.NextGaussian()));
        int cap = Math.Min(Spec.MaxActivity, Spec.Artists / 2);
        return (int)Math.Clamp(draw, Math.Min(Spec.MinActivity, cap), cap);
    }

    private bool IsInTaste(int artist, UserBuffer buffer)
    {
        int group = _groupOf[artist];
        for (int g = 0; g < buffer.GroupCount; g++) if (buffer.GroupStorage[g] == group) return true;
        return false;
    }

    private double Weight(int artist) => 1.0 / Math.Pow(artist + Spec.PopularityOffset, Spec.PopularityExponent);

    /// <summary>The first index whose cumulative weight exceeds u·total (inverse-CDF sampling).</summary>
    private static int Search(double[] cumulative, double unit)
    {
        double target = unit * cumulative[^1];
        int index = Array.BinarySearch(cumulative, target);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, cumulative.Length - 1);
    }

    private static void Validate(SyntheticSpec spec)
    {
        if (spec.Users < 0) throw new ArgumentException($"Users must be >= 0; got {spec.Users}.");
        if (spec.Artists < 2) throw new ArgumentException($"Artists must be >= 2; got {spec.Artists}.");
        if (spec.TasteGroups < 1) throw new ArgumentException($"TasteGroups must be >= 1; got {spec.TasteGroups}.");
        if (spec.MaxGroupsPerUser < 1) throw new ArgumentException($"MaxGroupsPerUser must be >= 1; got {spec.MaxGroupsPerUser}.");
        if (spec.MinActivity < 1 || spec.MaxActivity < spec.MinActivity)
            throw new ArgumentException($"Activity bounds must satisfy 1 <= MinActivity <= MaxActivity; got {spec.MinActivity}..{spec.MaxActivity}.");
        if (!(spec.ActivityMedian >= 1)) throw new ArgumentException($"ActivityMedian must be >= 1; got {spec.ActivityMedian}.");
        if (!(spec.InTasteShare is >= 0 and <= 1)) throw new ArgumentException($"InTasteShare must be in [0, 1]; got {spec.InTasteShare}.");
        if (!(spec.MissingMbidShare is >= 0 and <= 1)) throw new ArgumentException($"MissingMbidShare must be in [0, 1]; got {spec.MissingMbidShare}.");
        if (!(spec.PlaysMedian >= 1) || spec.MaxPlays < 1) throw new ArgumentException("PlaysMedian and MaxPlays must be >= 1.");
    }
}
