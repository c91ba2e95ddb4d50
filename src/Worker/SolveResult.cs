using Linalg.Als;

namespace Worker;

/// <summary>What solving a block produced.</summary>
/// <param name="PartialGram">FᵀF of the block's new rows, k × k.</param>
/// <param name="BlockCrc32">CRC-32 of the written block file's content.</param>
/// <param name="Loss">The observed-entry loss terms of the block with its new rows (items; zero terms for users).</param>
public sealed record SolveResult(double[] PartialGram, string BlockCrc32, ObservedLossTerms Loss);
