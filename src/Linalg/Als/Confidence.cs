using System.Numerics.Tensors;

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
        float largest = Of(maxPlays, options);
        if (largest <= MaxConfidence) return;
        double growth = options.Confidence == ConfidenceMode.Linear ? maxPlays : Math.Log(1 + (double)maxPlays / options.Epsilon);
        string epsilon = options.Confidence == ConfidenceMode.Log ? FormattableString.Invariant($" and --epsilon {options.Epsilon}") : "";
        throw new ArgumentException(FormattableString.Invariant(
            $"--alpha {options.Alpha}{epsilon} give {maxPlays} plays a confidence of {largest:G3}, above {MaxConfidence:G3}, where float32 solves lose every other term; use --alpha {(MaxConfidence - 1) / growth:G3} or less{(epsilon.Length > 0 ? " or a larger --epsilon" : "")}."));
    }

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
