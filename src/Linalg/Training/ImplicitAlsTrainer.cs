using System.Diagnostics;
using System.Numerics.Tensors;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Training;

/// <summary>
/// Trains implicit-feedback ALS in memory, in one process: alternately solves all users with the items fixed,
/// then all items with the users fixed, through <see cref="HalfStep.Solve"/> (Hu, Koren, Volinsky 2008).
/// </summary>
/// <remarks>
/// One iteration: YᵀY → user half-step → XᵀX → item half-step → YᵀY again (for the loss and the next iteration,
/// so it is computed once per iteration). With both Gram matrices the loss (<see cref="ImplicitLoss"/>) needs only
/// the observed entries' terms, which the item half-step returns from its CG state without another pass. Results
/// are bit-identical for any thread count.
/// </remarks>
public sealed class ImplicitAlsTrainer
{
    private readonly AlsOptions _options;

    /// <summary>A trainer with the given parameters.</summary>
    /// <exception cref="ArgumentException">A parameter is out of range.</exception>
    public ImplicitAlsTrainer(AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Whether to compute the full loss after every iteration (a few operations per entry in the item half-step).</summary>
    public bool ComputeLoss { get; init; } = true;

    /// <summary>
    /// Trains on <paramref name="userItems"/> (users × items, values = plays) from the seeded initial model.
    /// </summary>
    /// <param name="userItems">Training interactions by user.</param>
    /// <param name="itemUsers">The same interactions by item (its transpose); computed when null.</param>
    /// <param name="onIteration">Called after every iteration (for progress, metrics, checkpoints).</param>
    /// <param name="cancellationToken">Checked between half-steps.</param>
    public AlsModel Fit(CsrMatrix userItems, CsrMatrix? itemUsers = null, Action<IterationReport>? onIteration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        return Continue(AlsModel.Initial(userItems.Rows, userItems.Columns, _options), userItems, itemUsers, 0, onIteration, cancellationToken);
    }

    /// <summary>Runs iterations <paramref name="completedIterations"/> + 1 … <c>Iterations</c> on <paramref name="model"/>, updating it in place.</summary>
    /// <exception cref="ArgumentException">The model's shape does not match the data, or α makes the data's largest confidence too large.</exception>
    /// <exception cref="NonFiniteFactorsException">A half-step or the loss is not finite (α too large, λ too small).</exception>
    public AlsModel Continue(AlsModel model, CsrMatrix userItems, CsrMatrix? itemUsers, int completedIterations,
        Action<IterationReport>? onIteration = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(userItems);
        itemUsers ??= userItems.Transpose();
        if (model.UserFactors.Rows != userItems.Rows || model.ItemFactors.Rows != userItems.Columns)
            throw new ArgumentException(
                $"The model has {model.UserFactors.Rows} users × {model.ItemFactors.Rows} items; the data {userItems.Rows} × {userItems.Columns}.");
        if (itemUsers.Rows != userItems.Columns || itemUsers.Columns != userItems.Rows)
            throw new ArgumentException("itemUsers is not the transpose of userItems.", nameof(itemUsers));

        // The BM25 confidence weighs with the whole training matrix's counts and must know each matrix's side.
        AlsOptions options = _options.Confidence == ConfidenceMode.Bm25 && _options.Bm25 is null
            ? _options with { Bm25 = Bm25Statistics.From(userItems) }
            : _options;
        CsrMatrix byUser = userItems.WithRowSide(FactorSide.Users), byItem = itemUsers.WithRowSide(FactorSide.Items);
        if (userItems.NonZeros > 0)                                                  // the bound with the data's own largest count
            Confidence.EnsureBounded(TensorPrimitives.Max(userItems.Values.AsSpan(0, userItems.NonZeros)), options);
        FactorMatrix users = model.UserFactors, items = model.ItemFactors;
        int threads = options.Threads;
        // Every half-step reuses the entries' confidences: computed once here, not per row and pass.
        BlockConfidences userConfidences = BlockConfidences.Compute(byUser, options, threads),
            itemConfidences = BlockConfidences.Compute(byItem, options, threads);
        double[] itemGram = GramMatrix.Compute(items, threads);
        for (int iteration = completedIterations + 1; iteration <= options.Iterations; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long start = Stopwatch.GetTimestamp();
            HalfStep.Solve(byUser, items, itemGram, options, users, confidences: userConfidences);
            HalfStep.EnsureFinite(users, FormattableString.Invariant($"the users half-step of iteration {iteration}"), options);
            TimeSpan userStep = Stopwatch.GetElapsedTime(start);

            cancellationToken.ThrowIfCancellationRequested();
            long itemStart = Stopwatch.GetTimestamp();
            double[] userGram = GramMatrix.Compute(users, threads);
            ObservedLossTerms observed = HalfStep.Solve(byItem, users, userGram, options, items, observedLoss: ComputeLoss, confidences: itemConfidences);
            HalfStep.EnsureFinite(items, FormattableString.Invariant($"the items half-step of iteration {iteration}"), options);
            itemGram = GramMatrix.Compute(items, threads);
            TimeSpan itemStep = Stopwatch.GetElapsedTime(itemStart);
            TimeSpan elapsed = Stopwatch.GetElapsedTime(start);

            LossValue? loss = null;
            long lossStart = Stopwatch.GetTimestamp();
            if (ComputeLoss)
                loss = ImplicitLoss.Combine(observed, userGram, itemGram, users.Rows, items.Rows, options.Regularization);
            if (loss is { } value && !double.IsFinite(value.Total))
                throw new NonFiniteFactorsException(FormattableString.Invariant($"the loss after iteration {iteration}"), value.Total, options);
            onIteration?.Invoke(new IterationReport(iteration, elapsed, userStep, itemStep, loss, Stopwatch.GetElapsedTime(lossStart), model));
        }
        return model;
    }
}
