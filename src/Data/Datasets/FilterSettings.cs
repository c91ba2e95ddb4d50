namespace Data.Datasets;

/// <summary>Filter settings recorded in the manifest.</summary>
/// <param name="MinUserItems">Minimum artists per user.</param>
/// <param name="MinItemUsers">Minimum listeners per artist.</param>
/// <param name="Order">users-first or items-first.</param>
/// <param name="Passes">Passes asked for (0: until nothing changes).</param>
/// <param name="PassesMade">Passes made.</param>
/// <param name="TopUsers">Most active users kept first (0: all).</param>
public sealed record FilterSettings(int MinUserItems, int MinItemUsers, string Order, int Passes, int PassesMade, int TopUsers);
