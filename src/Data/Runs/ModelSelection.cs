using System.Globalization;
using Data.Store;

namespace Data.Runs;

/// <summary>
/// Which iteration's factors a run keeps as its model, and why: <c>model.json</c>'s <c>selection</c>. With a validation
/// set and <c>--keep-best</c>, the iteration with the highest validation NDCG@10 (the earliest of equal ones: a later
/// iteration must be strictly better); otherwise the last iteration. Only validation rows enter the choice, never the test
/// split. <c>--early-stopping N</c> ends the run once N iterations in a row brought no better validation NDCG.
/// </summary>
/// <param name="KeptIteration">The iteration whose factors are the model.</param>
/// <param name="LastIteration">The last iteration trained.</param>
/// <param name="Rule"><see cref="LastRule"/> or <see cref="BestRule"/>.</param>
/// <param name="ValidationNdcg">The kept iteration's validation NDCG@10 (null without validation).</param>
/// <param name="StoppedEarly">Whether the run ended before its planned iterations because the validation score stopped improving.</param>
/// <param name="Reason">One sentence for people: what was kept and why.</param>
public sealed record ModelSelection(int KeptIteration, int LastIteration, string Rule, double? ValidationNdcg, bool StoppedEarly, string Reason)
{
    /// <summary>The model is the last iteration.</summary>
    public const string LastRule = "last";

    /// <summary>The model is the iteration with the best validation NDCG@10.</summary>
    public const string BestRule = "best_validation_ndcg";

    /// <summary>The iteration with the highest validation NDCG among <paramref name="rows"/> (the earliest of equal ones); null when none has one.</summary>
    public static int? BestIteration(IEnumerable<IterationMetrics> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        IterationMetrics? best = null;
        foreach (IterationMetrics row in rows.OrderBy(row => row.Iteration))
            if (row.ValidationNdcg is { } ndcg && (best is null || ndcg > best.ValidationNdcg)) best = row;
        return best?.Iteration;
    }

    /// <summary>Whether a run with patience <paramref name="earlyStopping"/> stops after <paramref name="iteration"/>, its best so far being <paramref name="best"/>.</summary>
    public static bool StopsAfter(int iteration, int? best, int? earlyStopping) =>
        earlyStopping is { } patience && best is { } bestIteration && iteration - bestIteration >= patience;

    /// <summary>The selection of a run that trained up to <paramref name="lastIteration"/> of <paramref name="plannedIterations"/>, from its metric rows.</summary>
    /// <param name="rows">The run's rows (every checkpointed iteration up to <paramref name="lastIteration"/>; later ones are ignored).</param>
    /// <param name="lastIteration">The last iteration trained.</param>
    /// <param name="plannedIterations">The iterations the plan asked for.</param>
    /// <param name="validation">The run's validation options (null: no validation set).</param>
    public static ModelSelection Choose(IEnumerable<IterationMetrics> rows, int lastIteration, int plannedIterations, ValidationOptions? validation)
    {
        ArgumentNullException.ThrowIfNull(rows);
        IterationMetrics[] trained = [.. rows.Where(row => row.Iteration >= 1 && row.Iteration <= lastIteration)];
        int? best = BestIteration(trained);
        if (validation is null || best is not { } bestIteration)
            return new ModelSelection(lastIteration, lastIteration, LastRule, null, false,
                string.Create(CultureInfo.InvariantCulture, $"the last iteration, {lastIteration} (no validation set)"));
        double bestNdcg = trained.First(row => row.Iteration == bestIteration).ValidationNdcg!.Value;
        bool stopped = lastIteration < plannedIterations && StopsAfter(lastIteration, best, validation.EarlyStopping);
        string stop = stopped
            ? string.Create(CultureInfo.InvariantCulture,
                $"; stopped early after iteration {lastIteration} of {plannedIterations}: {validation.EarlyStopping} iterations without a better validation NDCG@{ValidationOptions.Cutoff} (--early-stopping {validation.EarlyStopping})")
            : "";
        if (validation.KeepBest)
            return new ModelSelection(bestIteration, lastIteration, BestRule, bestNdcg, stopped, string.Create(CultureInfo.InvariantCulture,
                $"iteration {bestIteration} of {lastIteration}, the best validation NDCG@{ValidationOptions.Cutoff} ({bestNdcg:F4}; --keep-best){stop}"));
        double lastNdcg = trained.FirstOrDefault(row => row.Iteration == lastIteration)?.ValidationNdcg ?? double.NaN;
        return new ModelSelection(lastIteration, lastIteration, LastRule, lastNdcg, stopped, string.Create(CultureInfo.InvariantCulture,
            $"the last iteration, {lastIteration} (--no-keep-best; validation NDCG@{ValidationOptions.Cutoff} {lastNdcg:F4}, best {bestNdcg:F4} at iteration {bestIteration}){stop}"));
    }
}
