namespace Linalg.Als;

/// <summary>
/// Default training parameters, shared by the library, the CLI and the docs. Confidence mode, α and λ were chosen on
/// real listening data (HetRec 2011 Last.fm-2k) and checked on the 20k synthetic preset: README.md, "Choosing the
/// defaults", has the figures and <c>bench/quality/run.sh</c> reproduces them.
/// </summary>
public static class AlsDefaults
{
    /// <summary>Latent factors k: 64 fills four AVX-512 vectors exactly.</summary>
    public const int Factors = 64;

    /// <summary>Largest k accepted: the k × k systems and per-thread scratch stay small (k² floats = 1 MiB at 512).</summary>
    public const int MaxFactors = 512;

    /// <summary>
    /// λ, the L2 regularization added to every row system: with the BM25 confidence and α = 0.01, HetRec's test P@10 was
    /// 0.191 at λ = 0.1 and 1, 0.201 at 10 and 0.196 at 30; the 20k preset gained slightly from 1 to 10 (0.263 to 0.264).
    /// </summary>
    public const float Regularization = 10f;

    /// <summary>
    /// The confidence mode of <c>als train</c>: with these defaults, BM25-weighted plays beat the old linear default by
    /// 51% in P@10 on HetRec (0.201 against 0.133) and by 87% on the 20k preset (0.264 against 0.141, where linear lost
    /// to item-KNN BM25). A bare
    /// <see cref="AlsOptions"/> stays linear: the BM25 weights need the training rows' statistics, which only a planner or
    /// trainer that sees the data can count.
    /// </summary>
    public const ConfidenceMode Confidence = ConfidenceMode.Bm25;

    /// <summary>
    /// α, the confidence scale: 0.01 for the default BM25 confidence, whose weights reach (K1 + 1)·ln N, a few hundred;
    /// c = 1 + 0.01·w then spans 1 to about 8 on HetRec. Other α lost on HetRec (λ = 10: 0.193 at α = 0.003; λ = 0.1:
    /// 0.188 at 0.03, 0.171 at 0.1, 0.143 at 1).
    /// </summary>
    public const float Alpha = 0.01f;

    /// <summary>ε of the log confidence c = 1 + α·ln(1 + r/ε): with 1, one play gives c = 1 + α·ln 2.</summary>
    public const float Epsilon = 1f;

    /// <summary>Full ALS iterations (a user half-step then an item half-step).</summary>
    public const int Iterations = 15;

    /// <summary>CG steps per row and half-step: 3 is what <c>implicit</c> uses; warm starts make few steps enough.</summary>
    public const int CgSteps = 3;

    /// <summary>Seed of the initial factors.</summary>
    public const ulong Seed = 42;
}
