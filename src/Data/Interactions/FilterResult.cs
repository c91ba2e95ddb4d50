using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>The filtered interactions with compacted indices and the maps back to the input's indices.</summary>
/// <param name="Matrix">Kept users × kept items, in the input's relative order.</param>
/// <param name="UserMap">Input row index of each kept user (new → old).</param>
/// <param name="ItemMap">Input column index of each kept item (new → old).</param>
/// <param name="Counts">What was removed.</param>
public sealed record FilterResult(CsrMatrix Matrix, int[] UserMap, int[] ItemMap, FilterCounts Counts);
