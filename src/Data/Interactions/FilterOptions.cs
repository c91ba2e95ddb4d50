namespace Data.Interactions;

/// <summary>Minimum activity filters of the evaluation protocol (defaults as in the seeds and <c>implicit</c>'s benchmarks).</summary>
/// <param name="MinUserItems">Keep users with at least this many distinct artists.</param>
/// <param name="MinItemUsers">Then keep artists with at least this many listeners among the kept users.</param>
public sealed record FilterOptions(int MinUserItems = FilterOptions.DefaultMinUserItems, int MinItemUsers = FilterOptions.DefaultMinItemUsers)
{
    /// <summary>Default for <see cref="MinUserItems"/>.</summary>
    public const int DefaultMinUserItems = 5;

    /// <summary>Default for <see cref="MinItemUsers"/>.</summary>
    public const int DefaultMinItemUsers = 5;
}
