using System.Diagnostics;
using System.Globalization;
using Cli.Options;
using Data.Interactions;
using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;
using Linalg.Training;

namespace Cli.Tuning;

/// <summary>
/// Random search over <see cref="SearchSpace"/>: each trial trains implicit ALS in memory (<see cref="ImplicitAlsTrainer"/>)
/// on the training rows minus a validation set carved from them (<see cref="ValidationSplit"/>), and is scored by
/// Precision@10 on the validation users. The test split is never read. Deterministic for a seed: the draws, the
/// validation set and every trial's initial factors come from it, and training is bit-identical for any thread count.
/// </summary>
internal static class HyperparameterSearch
{
    /// <summary>The cutoff of the score.</summary>
    public const int Cutoff = 10;

    /// <summary>Validation users sampled by default: enough that P@10 differences of ~0.01 between trials are real on the 20k preset.</summary>
    public const int DefaultValidationUsers = 2_000;

    /// <summary>Share of a validation user's training artists held out: the dataset's own test fraction.</summary>
    public const double DefaultValidationFraction = HoldoutSplit.DefaultTestFraction;

    /// <summary>Runs <paramref name="trials"/> trials on <paramref name="train"/> (users × items, the training split only).</summary>
    /// <param name="train">Training rows.</param>
    /// <param name="dataset">The dataset folder, for the result and the train command.</param>
    /// <param name="trials">Trials, 1 … <see cref="SearchSpace.Size"/>.</param>
    /// <param name="seed">Seed of everything random.</param>
    /// <param name="validationUsers">Users to carve validation rows from (0: every eligible user).</param>
    /// <param name="threads">Threads; results do not depend on it.</param>
    /// <param name="onTrial">Called after each trial with the trials done so far.</param>
    /// <param name="cancellationToken">Checked between half-steps.</param>
    public static TuneResults Run(CsrMatrix train, string dataset, int trials, ulong seed, int validationUsers, int threads,
        Action<int, TuneTrial>? onTrial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ValidationSplitResult split = ValidationSplit.Carve(train, validationUsers, DefaultValidationFraction, seed, threads);
        if (split.Users.Length == 0)
            throw new InvalidDataException($"no user of {dataset} has the {HoldoutSplit.DefaultMinInteractions} training artists needed to carve validation rows.");
        CsrMatrix byItem = split.Train.Transpose();
        var results = new List<TuneTrial>(trials);
        foreach ((int factors, float regularization, int iterations, float alpha) in SearchSpace.Draw(trials, seed))
        {
            var options = new AlsOptions
            {
                Factors = factors, Regularization = regularization, Iterations = iterations, Alpha = alpha, Seed = seed, Threads = threads,
            };
            long start = Stopwatch.GetTimestamp();
            AlsModel model = new ImplicitAlsTrainer(options) { ComputeLoss = false }.Fit(split.Train, byItem, cancellationToken: cancellationToken);
            var metrics = new MetricsAccumulator(Cutoff, train.Columns);
            RankingEvaluator.AddModel(model.UserFactors, new ItemScorer(model.ItemFactors), split.Train, split.Validation, split.Users, metrics, threads);
            RankingMetrics score = metrics.Result();
            var trial = new TuneTrial(results.Count + 1, factors, regularization, iterations, alpha, score.Precision, score.Ndcg,
                Stopwatch.GetElapsedTime(start).TotalSeconds);
            results.Add(trial);
            onTrial?.Invoke(results.Count, trial);
        }
        TuneTrial best = results.OrderByDescending(trial => trial.Precision).ThenBy(trial => trial.Trial).First();
        return new TuneResults(dataset, seed, Cutoff, split.Users.Length, DefaultValidationFraction, results, best,
            FormatCommandLine(TrainArguments(dataset, best, seed)));
    }

    /// <summary>The <c>als train</c> arguments that train with <paramref name="trial"/>'s parameters on <paramref name="dataset"/>.</summary>
    public static string[] TrainArguments(string dataset, TuneTrial trial, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(trial);
        return
        [
            "train", "--data", dataset,
            "--factors", trial.Factors.ToString(CultureInfo.InvariantCulture),
            "--regularization", trial.Regularization.ToString(CultureInfo.InvariantCulture),
            "--iterations", trial.Iterations.ToString(CultureInfo.InvariantCulture),
            "--alpha", trial.Alpha.ToString(CultureInfo.InvariantCulture),
            "--confidence", AlsOptionSet.ConfidenceName(ConfidenceMode.Linear),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary><c>./als</c> and the arguments, each quoted for a POSIX shell when it holds anything but safe characters.</summary>
    public static string FormatCommandLine(IEnumerable<string> arguments) =>
        "./als " + string.Join(' ', arguments.Select(argument =>
            argument.Length > 0 && argument.All(character => char.IsAsciiLetterOrDigit(character) || "-_./=:,+@%".Contains(character, StringComparison.Ordinal))
                ? argument
                : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
}
