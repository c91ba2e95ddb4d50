namespace Linalg.Ranking;

/// <summary>
/// Keeps the best <c>count</c> (item, score) pairs seen so far. Better means a higher score, and on equal
/// scores the lower item index, so the result equals a full sort by (score descending, item ascending).
/// NaN scores never enter.
/// </summary>
/// <remarks>A binary min-heap whose root is the worst kept pair: a candidate costs one comparison with
/// <see cref="Threshold"/> and, only if it enters, O(log count). Reused across users (<see cref="Reset"/>): no
/// allocation per user.</remarks>
internal sealed class TopKSelector
{
    private readonly int[] _items;
    private readonly float[] _scores;
    private int _size;

    /// <summary>A selector for the best <paramref name="count"/> pairs.</summary>
    public TopKSelector(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Capacity = count;
        _items = new int[count];
        _scores = new float[count];
    }

    /// <summary>How many pairs are kept at most.</summary>
    public int Capacity { get; }

    /// <summary>Pairs kept so far.</summary>
    public int Count => _size;

    /// <summary>A score must exceed this to possibly enter (−∞ until the selector is full).</summary>
    public float Threshold => _size < Capacity ? float.NegativeInfinity : (Capacity == 0 ? float.PositiveInfinity : _scores[0]);

    /// <summary>Forgets every pair.</summary>
    public void Reset() => _size = 0;

    /// <summary>Offers a pair; it enters if it is better than the worst kept pair (or there is room).</summary>
    public void Offer(int item, float score)
    {
        if (float.IsNaN(score) || Capacity == 0) return;
        if (_size < Capacity)
        {
            int position = _size++;
            while (position > 0)                                       // sift up
            {
                int parent = (position - 1) >> 1;
                if (!Worse(item, score, _items[parent], _scores[parent])) break;
                _items[position] = _items[parent];
                _scores[position] = _scores[parent];
                position = parent;
            }
            _items[position] = item;
            _scores[position] = score;
            return;
        }
        if (!Worse(_items[0], _scores[0], item, score)) return;         // not better than the worst kept
        ReplaceRoot(item, score);
    }

    /// <summary>
    /// Writes the kept pairs best first and returns how many; the remaining positions of the destinations
    /// (up to <see cref="Capacity"/>) get item −1 and score NaN. Empties the selector.
    /// </summary>
    public int Drain(Span<int> items, Span<float> scores)
    {
        int count = _size;
        for (int position = count - 1; position >= 0; position--)      // pop the worst into the last free slot
        {
            items[position] = _items[0];
            scores[position] = _scores[0];
            _size--;
            if (_size == 0) break;
            ReplaceRoot(_items[_size], _scores[_size]);
        }
        _size = 0;
        int capacity = Math.Min(Capacity, Math.Min(items.Length, scores.Length));
        for (int position = count; position < capacity; position++)
        {
            items[position] = -1;
            scores[position] = float.NaN;
        }
        return count;
    }

    /// <summary>Puts (item, score) at the root and sifts it down to restore the heap.</summary>
    private void ReplaceRoot(int item, float score)
    {
        int hole = 0;
        while (true)
        {
            int child = 2 * hole + 1;
            if (child >= _size) break;
            if (child + 1 < _size && Worse(_items[child + 1], _scores[child + 1], _items[child], _scores[child])) child++;
            if (!Worse(_items[child], _scores[child], item, score)) break;
            _items[hole] = _items[child];
            _scores[hole] = _scores[child];
            hole = child;
        }
        _items[hole] = item;
        _scores[hole] = score;
    }

    /// <summary>Whether (a, sa) ranks below (b, sb): lower score, or equal score and higher item index.</summary>
    private static bool Worse(int a, float sa, int b, float sb) => sa < sb || (sa == sb && a > b);
}
