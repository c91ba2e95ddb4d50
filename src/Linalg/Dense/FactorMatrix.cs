using Linalg.Memory;
using Linalg.Sampling;

namespace Linalg.Dense;

/// <summary>
/// A factor matrix: one row of <see cref="Factors"/> (k) float32 values per user or per item, row-major in
/// one array. X (user factors) and Y (item factors) are both of this type.
/// </summary>
/// <remarks>Row r occupies <c>Values[r·k .. (r + 1)·k)</c>. One array holds at most 2³¹ − 1 floats, so at
/// k = 64 a matrix has at most 33.5M rows; larger sides are split into blocks. A matrix this type allocates starts on
/// a 64-byte boundary (<see cref="AlignedFloats"/>), so at k = 64 every row is four whole cache lines.</remarks>
public sealed class FactorMatrix
{
    /// <summary>Scale of the random initial values: small, so the first half-step is driven by the data, as in <c>implicit</c>.</summary>
    public const float DefaultInitialScale = 0.01f;

    private readonly ArraySegment<float> _values;

    /// <summary>A zero matrix of <paramref name="rows"/> × <paramref name="factors"/>, starting on a 64-byte boundary.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A dimension is negative or the product exceeds one array.</exception>
    public FactorMatrix(int rows, int factors)
    {
        _values = AlignedFloats.Allocate(CheckedSize(rows, factors));
        Rows = rows;
        Factors = factors;
    }

    /// <summary>
    /// Wraps <paramref name="values"/> (no copy) as a <paramref name="rows"/> × <paramref name="factors"/> matrix. Meant
    /// for small ones (a query row): its rows lie wherever the array does, where the other constructor aligns them.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="values"/> does not hold exactly rows × factors floats.</exception>
    public FactorMatrix(int rows, int factors, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        long size = CheckedSize(rows, factors);
        if (values.Length != size)
            throw new ArgumentException($"A {rows} × {factors} factor matrix needs {size} values, got {values.Length}.", nameof(values));
        Rows = rows;
        Factors = factors;
        _values = values;
    }

    /// <summary>Number of rows (users or items).</summary>
    public int Rows { get; }

    /// <summary>Latent factors per row (k).</summary>
    public int Factors { get; }

    /// <summary>The row-major values, <see cref="Rows"/> × <see cref="Factors"/>.</summary>
    public Span<float> Values => _values.AsSpan();

    /// <summary><see cref="Values"/> as memory, for the readers and writers of factor files.</summary>
    public Memory<float> Memory => _values.AsMemory();

    /// <summary>Row <paramref name="row"/> as a writable span of k values.</summary>
    public Span<float> Row(int row) => _values.AsSpan(row * Factors, Factors);

    /// <summary>Rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) as one span.</summary>
    public Span<float> RowRange(int start, int count) => _values.AsSpan(start * Factors, count * Factors);

    /// <summary>A deep copy (allocated aligned, whatever the original's placement).</summary>
    public FactorMatrix Clone()
    {
        var copy = new FactorMatrix(Rows, Factors);
        Values.CopyTo(copy.Values);
        return copy;
    }

    /// <summary>A copy of the values as a new array (for comparisons and tests).</summary>
    public float[] ToArray() => Values.ToArray();

    /// <summary>
    /// Uniform random values in [0, <paramref name="scale"/>). Row r draws from its own generator derived from
    /// (<paramref name="seed"/>, <paramref name="firstRowIndex"/> + r), so a block initialised alone equals the
    /// same rows of the whole matrix initialised at once.
    /// </summary>
    public static FactorMatrix Random(int rows, int factors, ulong seed, float scale = DefaultInitialScale, long firstRowIndex = 0)
    {
        var matrix = new FactorMatrix(rows, factors);
        for (int row = 0; row < rows; row++)
        {
            var random = SplitMix64.Derive(seed, (ulong)(firstRowIndex + row));
            Span<float> values = matrix.Row(row);
            for (int d = 0; d < values.Length; d++) values[d] = random.NextSingle() * scale;
        }
        return matrix;
    }

    private static long CheckedSize(int rows, int factors)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factors);
        long size = (long)rows * factors;
        if (size > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(rows), $"{rows} × {factors} values exceed one array; split the side into blocks.");
        return size;
    }
}
