using System.Numerics.Tensors;

namespace Linalg.Als;

/// <summary>Turns play counts into confidences c (Hu, Koren, Volinsky 2008, section 4).</summary>
public static class Confidence
{
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
