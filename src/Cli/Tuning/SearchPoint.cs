using Linalg.Als;

namespace Cli.Tuning;

/// <summary>One point of a <see cref="SearchSpace"/>: the training parameters a trial runs with.</summary>
/// <param name="Confidence">Confidence mode.</param>
/// <param name="Factors">k.</param>
/// <param name="Regularization">λ.</param>
/// <param name="Alpha">α.</param>
/// <param name="Epsilon">ε of the log confidence; <see cref="AlsDefaults.Epsilon"/> for the other modes, which do not read it.</param>
/// <param name="Iterations">ALS iterations.</param>
internal readonly record struct SearchPoint(ConfidenceMode Confidence, int Factors, float Regularization, float Alpha, float Epsilon, int Iterations)
{
    /// <summary>The solver parameters of the point, with the search's seed and threads.</summary>
    public AlsOptions ToOptions(ulong seed, int threads) => new()
    {
        Confidence = Confidence, Factors = Factors, Regularization = Regularization, Alpha = Alpha, Epsilon = Epsilon,
        Iterations = Iterations, Seed = seed, Threads = threads,
    };
}
