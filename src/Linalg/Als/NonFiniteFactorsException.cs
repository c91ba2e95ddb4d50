namespace Linalg.Als;

/// <summary>
/// A solved factor block (or a loss) holds NaN or ±∞: the row systems overflowed float32, usually because
/// α·plays or α·ln(1 + plays/ε) is too large, or λ is too small for the data. The run must stop, not save garbage.
/// </summary>
public sealed class NonFiniteFactorsException : ArithmeticException
{
    /// <summary>Creates the exception for <paramref name="block"/>, naming the first bad <paramref name="row"/> and the options to change.</summary>
    public NonFiniteFactorsException(string block, int row, float value, AlsOptions options)
        : base(FormattableString.Invariant(
            $"{block}: row {row} is {value} after the solve, so the model would be garbage. Lower --alpha (now {options.Alpha}){Hint(options)} or raise --regularization (now {options.Regularization}), then train again."))
    {
        Block = block;
        Row = row;
    }

    /// <summary>Creates the exception for a loss that is not finite.</summary>
    public NonFiniteFactorsException(string what, double value, AlsOptions options)
        : base(FormattableString.Invariant(
            $"{what} is {value}, so the model would be garbage. Lower --alpha (now {options.Alpha}){Hint(options)} or raise --regularization (now {options.Regularization}), then train again."))
    {
        Block = what;
        Row = -1;
    }

    /// <summary>The block (or quantity) that is not finite.</summary>
    public string Block { get; }

    /// <summary>The first non-finite row within the block, or −1 for a loss.</summary>
    public int Row { get; }

    private static string Hint(AlsOptions options) =>
        options.Confidence == ConfidenceMode.Log ? FormattableString.Invariant($", raise --epsilon (now {options.Epsilon})") : "";
}
