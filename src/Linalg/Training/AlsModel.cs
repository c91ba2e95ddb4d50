using Linalg.Als;
using Linalg.Dense;
using Linalg.Sampling;

namespace Linalg.Training;

/// <summary>A factor model: user factors X, item factors Y and the parameters they were trained with. Score(u, i) = xᵤ·yᵢ.</summary>
public sealed class AlsModel
{
    /// <summary>Wraps trained (or initial) factors.</summary>
    /// <exception cref="ArgumentException">X and Y differ in k.</exception>
    public AlsModel(FactorMatrix userFactors, FactorMatrix itemFactors, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(userFactors);
        ArgumentNullException.ThrowIfNull(itemFactors);
        ArgumentNullException.ThrowIfNull(options);
        if (userFactors.Factors != itemFactors.Factors)
            throw new ArgumentException($"User factors have k = {userFactors.Factors}, item factors k = {itemFactors.Factors}.");
        UserFactors = userFactors;
        ItemFactors = itemFactors;
        Options = options;
    }

    /// <summary>X: one row per user.</summary>
    public FactorMatrix UserFactors { get; }

    /// <summary>Y: one row per item.</summary>
    public FactorMatrix ItemFactors { get; }

    /// <summary>The training parameters.</summary>
    public AlsOptions Options { get; }

    /// <summary>
    /// The initial model for <paramref name="users"/> × <paramref name="items"/>: small uniform random factors, users
    /// and items from two generators derived from the seed, each row from its own stream (see
    /// <see cref="FactorMatrix.Random"/>), so blocks of a distributed run initialise identically.
    /// </summary>
    public static AlsModel Initial(int users, int items, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new AlsModel(
            FactorMatrix.Random(users, options.Factors, InitialSeed(options.Seed, FactorSide.Users)),
            FactorMatrix.Random(items, options.Factors, InitialSeed(options.Seed, FactorSide.Items)),
            options);
    }

    /// <summary>The seed of one side's initial factors under the training seed.</summary>
    public static ulong InitialSeed(ulong seed, FactorSide side) => SplitMix64.Mix(seed ^ SplitMix64.Mix((ulong)side + 1));
}
