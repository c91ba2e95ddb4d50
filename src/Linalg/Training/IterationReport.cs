using Linalg.Als;

namespace Linalg.Training;

/// <summary>What one ALS iteration did and how long it took.</summary>
/// <param name="Iteration">1-based iteration number.</param>
/// <param name="Elapsed">Wall time of the iteration's solver work: both Gram matrices and both half-steps.</param>
/// <param name="UserStep">Wall time of the user half-step (with its Gram matrix YᵀY).</param>
/// <param name="ItemStep">Wall time of the item half-step (with its Gram matrix XᵀX).</param>
/// <param name="Loss">The full loss after the iteration, when computed.</param>
/// <param name="LossTime">Wall time of the loss computation (not in <paramref name="Elapsed"/>).</param>
/// <param name="Model">The model after the iteration (live: the next iteration overwrites it).</param>
public sealed record IterationReport(int Iteration, TimeSpan Elapsed, TimeSpan UserStep, TimeSpan ItemStep, LossValue? Loss,
    TimeSpan LossTime, AlsModel Model);
