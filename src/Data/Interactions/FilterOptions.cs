namespace Data.Interactions;

/// <summary>
/// Activity filters of the evaluation protocol. Defaults are the seeds' (and <c>implicit</c>'s benchmarks'):
/// users with at least 5 distinct artists, then artists with at least 5 listeners, one pass each.
/// </summary>
/// <param name="MinUserItems">Keep users with at least this many distinct artists.</param>
/// <param name="MinItemUsers">Keep artists with at least this many listeners among the kept users.</param>
/// <param name="ItemsFirst">Apply the artist filter before the user filter in each pass.</param>
/// <param name="Passes">Passes of (user filter, artist filter); 0 repeats until nothing changes (a fixed point).</param>
/// <param name="TopUsers">Before filtering, keep only the this many most active users (most distinct artists, ties to the earlier user); 0 keeps all.</param>
public sealed record FilterOptions(int MinUserItems = FilterOptions.DefaultMinUserItems, int MinItemUsers = FilterOptions.DefaultMinItemUsers,
    bool ItemsFirst = false, int Passes = 1, int TopUsers = 0)
{
    /// <summary>Default for <see cref="MinUserItems"/>.</summary>
    public const int DefaultMinUserItems = 5;

    /// <summary>Default for <see cref="MinItemUsers"/>.</summary>
    public const int DefaultMinItemUsers = 5;
}
