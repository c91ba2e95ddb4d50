namespace Linalg.Als;

/// <summary>
/// A row system Aᵤ = YᵀCᵤY + λI could not be factored: a pivot was not positive. With λ = 0 and a row that
/// played fewer items than k (or items whose factors are linearly dependent) Aᵤ is singular.
/// </summary>
public sealed class NotPositiveDefiniteException : ArithmeticException
{
    /// <summary>Creates the exception for <paramref name="row"/> (index within its block) at pivot <paramref name="pivot"/>.</summary>
    public NotPositiveDefiniteException(int row, int pivot, double value)
        : base($"Row {row}: the system matrix is not positive definite (pivot {pivot} is {value:G6}); increase the regularization (lambda).")
    {
        Row = row;
        Pivot = pivot;
    }

    /// <summary>The row (within the block) whose system failed.</summary>
    public int Row { get; }

    /// <summary>The index of the first non-positive pivot.</summary>
    public int Pivot { get; }
}
