using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>Training rows with a validation set carved out (<see cref="ValidationSplit"/>).</summary>
/// <param name="Train">The training rows minus validation, users × items: what a tuning trial trains on.</param>
/// <param name="Validation">The held-out rows, users × items: what a trial is scored on.</param>
/// <param name="Users">Users with at least one validation row, ascending.</param>
public sealed record ValidationSplitResult(CsrMatrix Train, CsrMatrix Validation, int[] Users);
