namespace Cli.Tuning;

/// <summary>How <c>als tune</c> spends its trials.</summary>
internal enum TuneStrategy
{
    /// <summary>Successive halving: every point starts at few iterations, the best 1/η go on to more (<see cref="SuccessiveHalving"/>).</summary>
    Halving,

    /// <summary>Random search: every point (iterations drawn like any other parameter) trains to the end.</summary>
    Random,
}
