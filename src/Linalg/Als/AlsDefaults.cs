namespace Linalg.Als;

/// <summary>Default training parameters, shared by the library, the CLI and the docs.</summary>
public static class AlsDefaults
{
    /// <summary>Latent factors k: 64 fills four AVX-512 vectors exactly.</summary>
    public const int Factors = 64;

    /// <summary>Largest k accepted: the k × k systems and per-thread scratch stay small (k² floats = 1 MiB at 512).</summary>
    public const int MaxFactors = 512;

    /// <summary>λ, the L2 regularization added to every row system.</summary>
    public const float Regularization = 0.1f;

    /// <summary>The confidence mode.</summary>
    public const ConfidenceMode Confidence = ConfidenceMode.Linear;

    /// <summary>α, the confidence scale.</summary>
    public const float Alpha = 1f;

    /// <summary>ε of the log confidence c = 1 + α·ln(1 + r/ε): with 1, one play gives c = 1 + α·ln 2.</summary>
    public const float Epsilon = 1f;

    /// <summary>Full ALS iterations (a user half-step then an item half-step).</summary>
    public const int Iterations = 15;

    /// <summary>CG steps per row and half-step: 3 is what <c>implicit</c> uses; warm starts make few steps enough.</summary>
    public const int CgSteps = 3;

    /// <summary>Seed of the initial factors.</summary>
    public const ulong Seed = 42;
}
