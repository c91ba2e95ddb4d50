using Linalg.Training;

namespace Data.Factors;

/// <summary>What a factor file says about its rows.</summary>
/// <param name="Side">Users (X) or items (Y).</param>
/// <param name="Block">Block id (0 for a whole side).</param>
/// <param name="FirstRow">Global index of the first row.</param>
/// <param name="Rows">Rows in the file.</param>
/// <param name="Factors">k.</param>
/// <param name="Iteration">The ALS iteration that produced the rows (0: initial values).</param>
public sealed record FactorBlockHeader(FactorSide Side, int Block, long FirstRow, int Rows, int Factors, int Iteration);
