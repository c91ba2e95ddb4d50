namespace Cli.Tuning;

/// <summary>How <c>als tune</c> spends its trials.</summary>
/// <remarks>Random is the zero value on purpose: a <c>tune.json</c> written before halving existed has no strategy and was a random search.</remarks>
internal enum TuneStrategy
{
    /// <summary>Random search: every point (iterations drawn like any other parameter) trains to the end.</summary>
    Random,

    /// <summary>Successive halving: every point starts at few iterations, the best 1/η go on to more (<see cref="SuccessiveHalving"/>).</summary>
    Halving,
}
