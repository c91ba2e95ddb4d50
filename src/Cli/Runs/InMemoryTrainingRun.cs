using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;
using Linalg.Training;
using Spectre.Console;

namespace Cli.Runs;

/// <summary>
/// A single-process training run on in-memory data: the popularity baseline first, then ALS with the ranking
/// metrics of the same sampled users after every iteration, written to the run folder and printed as rows.
/// </summary>
internal static class InMemoryTrainingRun
{
    /// <summary>Trains, evaluates and reports; returns the final model and both metric sets.</summary>
    /// <param name="train">Training interactions, users × items.</param>
    /// <param name="trainByItem">The same, items × users.</param>
    /// <param name="test">Held-out interactions, users × items.</param>
    /// <param name="options">ALS parameters.</param>
    /// <param name="evaluation">Cutoff and user sample.</param>
    /// <param name="run">Where metrics.jsonl and baseline.json go.</param>
    /// <param name="console">Where rows and the final table go.</param>
    /// <param name="cancellationToken">Stops between half-steps.</param>
    public static RunResult Run(CsrMatrix train, CsrMatrix trainByItem, CsrMatrix test, AlsOptions options,
        EvaluationSettings evaluation, RunDirectory run, IAnsiConsole console, CancellationToken cancellationToken)
    {
        int[] users = RankingEvaluator.SampleUsers(test, evaluation.EvalUsers, evaluation.Seed);
        RankingMetrics baseline = RankingEvaluator.EvaluatePopularity(train, test, users, evaluation.Cutoff);
        run.WriteBaseline(IterationMetrics.From(0, 0, null, baseline));

        MetricsConsole.WriteHeader(console, evaluation.Cutoff);
        RankingMetrics? last = null;
        var trainer = new ImplicitAlsTrainer(options);
        AlsModel model = trainer.Fit(train, trainByItem, report =>
        {
            var metrics = new MetricsAccumulator(evaluation.Cutoff, train.Columns);
            RankingEvaluator.AddModel(report.Model.UserFactors, new ItemScorer(report.Model.ItemFactors), train, test, users, metrics, options.Threads);
            last = metrics.Result();
            var row = IterationMetrics.From(report.Iteration, report.Elapsed.TotalSeconds, report.Loss?.Normalized, last);
            run.AppendMetrics(row);
            MetricsConsole.WriteRow(console, row);
        }, cancellationToken);

        last ??= RankingEvaluator.EvaluateModel(model.UserFactors, model.ItemFactors, train, test, users, evaluation.Cutoff, options.Threads);
        console.WriteLine();
        MetricsConsole.WriteComparison(console, last, baseline);
        return new RunResult(model, last, baseline);
    }
}

/// <summary>What a training run produced.</summary>
/// <param name="Model">The trained factors.</param>
/// <param name="Metrics">The model's metrics after the last iteration.</param>
/// <param name="Baseline">The popularity baseline's metrics on the same users.</param>
internal sealed record RunResult(AlsModel Model, RankingMetrics Metrics, RankingMetrics Baseline);
