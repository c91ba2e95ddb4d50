namespace Linalg.Als;

/// <summary>Parameters of implicit-feedback ALS (Hu, Koren, Volinsky 2008). Defaults come from <see cref="AlsDefaults"/>.</summary>
public sealed record AlsOptions
{
    /// <summary>Latent factors per user and item (k).</summary>
    public int Factors { get; init; } = AlsDefaults.Factors;

    /// <summary>λ, L2 regularization: Aᵤ = YᵀCᵤY + λI.</summary>
    public float Regularization { get; init; } = AlsDefaults.Regularization;

    /// <summary>α, the confidence scale.</summary>
    public float Alpha { get; init; } = AlsDefaults.Alpha;

    /// <summary>
    /// Linear (c = 1 + α·r), log (c = 1 + α·ln(1 + r/ε)) or BM25 (c = 1 + α·w) confidence. Linear unless set: BM25 needs
    /// <see cref="Bm25"/>, counted from the data; <c>als train</c> sets <see cref="AlsDefaults.Confidence"/>.
    /// </summary>
    public ConfidenceMode Confidence { get; init; } = ConfidenceMode.Linear;

    /// <summary>
    /// The training rows' document frequencies and user lengths that the <see cref="ConfidenceMode.Bm25"/> confidence
    /// weighs with; counted once when a run is planned (or a trainer starts), null for the other modes.
    /// </summary>
    public Bm25Statistics? Bm25 { get; init; }

    /// <summary>ε of the log confidence.</summary>
    public float Epsilon { get; init; } = AlsDefaults.Epsilon;

    /// <summary>Row solver.</summary>
    public AlsSolver Solver { get; init; } = AlsSolver.ConjugateGradient;

    /// <summary>CG steps per row (conjugate-gradient solver only).</summary>
    public int CgSteps { get; init; } = AlsDefaults.CgSteps;

    /// <summary>Full iterations (training only; a half-step ignores it).</summary>
    public int Iterations { get; init; } = AlsDefaults.Iterations;

    /// <summary>Seed of the initial factors (training only).</summary>
    public ulong Seed { get; init; } = AlsDefaults.Seed;

    /// <summary>Most threads a half-step uses. Results do not depend on it.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Forces the portable kernels even where AVX-512 is available (tests compare both paths).</summary>
    internal bool PortableKernels { get; init; }

    /// <summary>Checks every parameter.</summary>
    /// <exception cref="ArgumentException">Names the first parameter out of range and its value.</exception>
    public void Validate()
    {
        if (Factors is < 1 or > AlsDefaults.MaxFactors)
            throw new ArgumentException($"Factors must be between 1 and {AlsDefaults.MaxFactors}; got {Factors}.");
        if (!(Regularization >= 0) || float.IsInfinity(Regularization))
            throw new ArgumentException($"Regularization must be a finite number >= 0; got {Regularization}.");
        if (!(Alpha >= 0) || float.IsInfinity(Alpha))
            throw new ArgumentException($"Alpha must be a finite number >= 0; got {Alpha}.");
        if (!(Epsilon > 0) || float.IsInfinity(Epsilon))
            throw new ArgumentException($"Epsilon must be a finite number > 0; got {Epsilon}.");
        if (CgSteps < 1)
            throw new ArgumentException($"CgSteps must be at least 1; got {CgSteps}.");
        if (Iterations < 0)
            throw new ArgumentException($"Iterations must be at least 0; got {Iterations}.");
        if (Threads < 1)
            throw new ArgumentException($"Threads must be at least 1; got {Threads}.");
        if (!Enum.IsDefined(Confidence))
            throw new ArgumentException($"Unknown confidence mode {Confidence}.");
        if (!Enum.IsDefined(Solver))
            throw new ArgumentException($"Unknown solver {Solver}.");
        Als.Confidence.EnsureBounded(1f, this);                                   // every play count is at least 1
    }
}
