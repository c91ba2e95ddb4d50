using Linalg.Training;

namespace Data.Store;

/// <summary>
/// A committed half-step: every block of one side at one iteration is written and checked, and their partial
/// Gram matrices are summed (in block order). Written atomically by the coordinator; the next half-step reads
/// its Gram matrix from here.
/// </summary>
/// <param name="Iteration">The iteration (0: the initial factors).</param>
/// <param name="Side">Users or items.</param>
/// <param name="Factors">k.</param>
/// <param name="Gram">FᵀF of the whole side, k × k, row-major.</param>
/// <param name="GramCrc32">CRC-32 of <see cref="Gram"/>'s bytes, so a damaged commit is noticed.</param>
/// <param name="BlockCrc32">CRC-32 (8 hex digits) of each block file (the whole Arrow file), by block id; checked on every read.</param>
/// <param name="CommittedUtc">When.</param>
public sealed record HalfStepCommit(int Iteration, FactorSide Side, int Factors, double[] Gram, string GramCrc32, IReadOnlyList<string> BlockCrc32,
    DateTime CommittedUtc);
