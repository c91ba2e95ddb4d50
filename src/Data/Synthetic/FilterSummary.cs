using Data.Interactions;

namespace Data.Synthetic;

/// <summary>The filter's counts and index maps, without the intermediate matrix.</summary>
/// <param name="Counts">What was removed.</param>
/// <param name="UserMap">Generated user index of each kept user.</param>
/// <param name="ItemMap">Generated artist index of each kept artist.</param>
public sealed record FilterSummary(FilterCounts Counts, int[] UserMap, int[] ItemMap);
