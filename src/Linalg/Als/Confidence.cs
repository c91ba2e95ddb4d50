using System.Numerics.Tensors;
using Linalg.Sparse;

namespace Linalg.Als;

/// <summary>Turns play counts into confidences c (Hu, Koren, Volinsky 2008, section 4).</summary>
public static class Confidence
{
    /// <summary>
    /// The largest confidence a row system may hold. Aᵤ = YᵀY + Yᵀ(Cᵤ − I)Y + λI is solved in float32 (7 significant
    /// digits): with c ≫ 10⁹ the terms of order one (YᵀY, λ, and the 1 of c = 1 + …) vanish below rounding, the solve
    /// returns the warm start unchanged or overflows to ∞/NaN (issue 17 probed α = 10¹⁵ and 10³⁰). Last.fm's largest
    /// count, ~420K plays, with α = 1000 stays below it.
    /// </summary>
    public const float MaxConfidence = 1e9f;

    /// <summary>
    /// Checks that the largest confidence, that of <paramref name="maxPlays"/>, is finite and at most <see cref="MaxConfidence"/>.
    /// </summary>
    /// <exception cref="ArgumentException">It is not; names --alpha (and --epsilon for the log mode) with the largest usable α.</exception>
    public static void EnsureBounded(float maxPlays, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool bm25 = options.Confidence == ConfidenceMode.Bm25;
        // BM25 weights are bounded whatever the counts: (K1 + 1)·ln N, with N = int.MaxValue before the data is known.
        double bm25Growth = Bm25Statistics.MaxWeight(options.Bm25?.Users ?? int.MaxValue);
        float largest = bm25 ? (float)(1 + options.Alpha * bm25Growth) : Of(maxPlays, options);
        if (largest <= MaxConfidence) return;
        double growth = bm25 ? bm25Growth
            : options.Confidence == ConfidenceMode.Linear ? maxPlays : Math.Log(1 + (double)maxPlays / options.Epsilon);
        string epsilon = options.Confidence == ConfidenceMode.Log ? FormattableString.Invariant($" and --epsilon {options.Epsilon}") : "";
        string subject = bm25 ? "--confidence bm25 give the largest weight" : FormattableString.Invariant($"give {maxPlays} plays");
        throw new ArgumentException(FormattableString.Invariant(
            $"--alpha {options.Alpha}{epsilon} {subject} a confidence of {largest:G3}, above {MaxConfidence:G3}, where float32 solves lose every other term; use --alpha {(MaxConfidence - 1) / growth:G3} or less{(epsilon.Length > 0 ? " or a larger --epsilon" : "")}."));
    }

    /// <summary>
    /// The confidences of row <paramref name="row"/> of <paramref name="block"/>: <see cref="Compute"/> of its plays, or
    /// for <see cref="ConfidenceMode.Bm25"/> the BM25 weights from <see cref="AlsOptions.Bm25"/> and the block's
    /// <see cref="CsrMatrix.RowSide"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">BM25 without statistics, or a block that does not say its side.</exception>
    public static void ComputeRow(CsrMatrix block, int row, AlsOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Confidence != ConfidenceMode.Bm25)
        {
            Compute(block.RowValues(row), options, destination);
            return;
        }
        Statistics(options).Confidences(block, row, options.Alpha, destination);
    }

    /// <summary>The confidences of one user's row: its played <paramref name="items"/> and their <paramref name="plays"/>.</summary>
    /// <exception cref="InvalidOperationException">BM25 without statistics.</exception>
    public static void ComputeUserRow(ReadOnlySpan<int> items, ReadOnlySpan<float> plays, AlsOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Confidence != ConfidenceMode.Bm25)
        {
            Compute(plays, options, destination);
            return;
        }
        Statistics(options).UserConfidences(items, plays, options.Alpha, destination);
    }

    private static Bm25Statistics Statistics(AlsOptions options) => options.Bm25 ?? throw new InvalidOperationException(
        "The bm25 confidence needs the training rows' document frequencies and user lengths (AlsOptions.Bm25); none were given.");

    /// <summary>
    /// cⱼ = 1 + α·rⱼ (linear) or 1 + α·ln(1 + rⱼ/ε) (log) for every play count rⱼ of <paramref name="plays"/>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <paramref name="plays"/>.</exception>
    public static void Compute(ReadOnlySpan<float> plays, AlsOptions options, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (destination.Length < plays.Length)
            throw new ArgumentException($"Destination holds {destination.Length} values, {plays.Length} needed.", nameof(destination));
        destination = destination[..plays.Length];
        if (options.Confidence == ConfidenceMode.Bm25)
            throw new InvalidOperationException("The bm25 confidence of a play count depends on its row and column; use ComputeRow or ComputeUserRow.");
        if (options.Confidence == ConfidenceMode.Linear)
        {
            TensorPrimitives.Multiply(plays, options.Alpha, destination);
            TensorPrimitives.Add(destination, 1f, destination);
            return;
        }
        TensorPrimitives.Divide(plays, options.Epsilon, destination);
        TensorPrimitives.LogP1(destination, destination);                      // ln(1 + r/ε)
        TensorPrimitives.Multiply(destination, options.Alpha, destination);
        TensorPrimitives.Add(destination, 1f, destination);
    }

    /// <summary>The confidence of a single play count, bit-identical to what <see cref="Compute"/> gives for it.</summary>
    public static float Of(float plays, AlsOptions options)
    {
        Span<float> value = [plays];
        Compute(value, options, value);
        return value[0];
    }
}
