using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>A per-user train/test split: two matrices of the input's shape, disjoint, whose union is the input.</summary>
/// <param name="Train">Interactions to train on.</param>
/// <param name="Test">Held-out interactions.</param>
/// <param name="TestUsers">Users with at least one held-out interaction.</param>
public sealed record SplitResult(CsrMatrix Train, CsrMatrix Test, int TestUsers)
{
    /// <summary>Held-out interactions.</summary>
    public long TestRows => Test.NonZeros;
}
