using System.Numerics;
using System.Numerics.Tensors;

namespace Linalg.Evaluation;

/// <summary>
/// Sums per-user ranking metrics (definitions on <see cref="RankingMetrics"/>) and the set of recommended items.
/// Partial accumulators of user blocks combine with <see cref="Merge(MetricsAccumulator)"/>; merging in block order keeps the sums deterministic.
/// </summary>
public sealed class MetricsAccumulator
{
    /// <summary>The recommended items as a bit set, item i at bit i mod 8 of byte i / 8: the layout <see cref="MetricsState.Covered"/> carries.</summary>
    private readonly byte[] _covered;
    private readonly double[] _discounts;
    private double _precision, _recall, _ndcg, _map;
    private int _users, _hitUsers;

    /// <summary>An empty accumulator for cutoff <paramref name="cutoff"/> over a catalogue of <paramref name="items"/> items.</summary>
    public MetricsAccumulator(int cutoff, int items)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(cutoff);
        ArgumentOutOfRangeException.ThrowIfNegative(items);
        Cutoff = cutoff;
        Items = items;
        _covered = new byte[(items + 7) / 8];
        _discounts = new double[cutoff];
        for (int position = 0; position < cutoff; position++) _discounts[position] = 1.0 / Math.Log2(position + 2);
    }

    /// <summary>K.</summary>
    public int Cutoff { get; }

    /// <summary>Catalogue size, the denominator of coverage.</summary>
    public int Items { get; }

    /// <summary>Users added so far.</summary>
    public int Users => _users;

    /// <summary>
    /// Adds one user: <paramref name="recommended"/> is the top-K list best first (entries of −1 are empty
    /// slots; positions past K are ignored), <paramref name="relevant"/> the user's test items, sorted ascending.
    /// A user without test items is not counted.
    /// </summary>
    public void Add(ReadOnlySpan<int> recommended, ReadOnlySpan<int> relevant)
    {
        if (relevant.IsEmpty) return;
        int length = Math.Min(recommended.Length, Cutoff), hits = 0;
        double dcg = 0, averagePrecision = 0;
        for (int position = 0; position < length; position++)
        {
            int item = recommended[position];
            if (item < 0) continue;
            if (item < Items) _covered[item >> 3] |= (byte)(1 << (item & 7));
            if (relevant.BinarySearch(item) < 0) continue;
            hits++;
            dcg += _discounts[position];
            averagePrecision += (double)hits / (position + 1);
        }
        int ideal = Math.Min(relevant.Length, Cutoff);
        double idealDcg = 0;
        for (int position = 0; position < ideal; position++) idealDcg += _discounts[position];
        _users++;
        _precision += (double)hits / Cutoff;
        _recall += (double)hits / relevant.Length;
        _ndcg += dcg / idealDcg;
        _map += averagePrecision / ideal;
        if (hits > 0) _hitUsers++;
    }

    /// <summary>Adds another accumulator's users and recommended items to this one.</summary>
    /// <exception cref="ArgumentException">The cutoff or catalogue size differs.</exception>
    public void Merge(MetricsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        Merge(other.ToState());
    }

    /// <summary>The sums so far, to send elsewhere and merge with <see cref="Merge(MetricsState)"/>.</summary>
    public MetricsState ToState()
    {
        return new MetricsState(Cutoff, Items, _users, _hitUsers, _precision, _recall, _ndcg, _map, (byte[])_covered.Clone());
    }

    /// <summary>Adds partial sums received from elsewhere.</summary>
    /// <exception cref="ArgumentException">The cutoff or catalogue size differs, or the bit set has the wrong size.</exception>
    public void Merge(MetricsState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Cutoff != Cutoff || state.Items != Items || state.Covered.Length != (Items + 7) / 8)
            throw new ArgumentException($"Cannot merge metrics at K = {state.Cutoff} over {state.Items} items ({state.Covered.Length} coverage bytes) into K = {Cutoff} over {Items}.");
        _users += state.Users;
        _hitUsers += state.HitUsers;
        _precision += state.Precision;
        _recall += state.Recall;
        _ndcg += state.Ndcg;
        _map += state.Map;
        TensorPrimitives.BitwiseOr<byte>(_covered, state.Covered, _covered);
        if (Items % 8 != 0) _covered[^1] &= (byte)((1 << (Items % 8)) - 1);   // bits past the catalogue name no item: ignored, as before
    }

    /// <summary>The means over the users added (all zero when none was).</summary>
    public RankingMetrics Result()
    {
        int covered = 0;
        foreach (byte bits in _covered) covered += BitOperations.PopCount(bits);
        double users = Math.Max(1, _users);
        return new RankingMetrics(Cutoff, _users, _precision / users, _recall / users, _ndcg / users, _map / users,
            _hitUsers / users, Items == 0 ? 0 : (double)covered / Items);
    }
}
