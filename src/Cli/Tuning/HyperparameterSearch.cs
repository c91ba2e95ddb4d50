using System.Diagnostics;
using System.Globalization;
using System.Numerics.Tensors;
using Cli.Options;
using Data.Interactions;
using Linalg.Als;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;
using Linalg.Training;

namespace Cli.Tuning;

/// <summary>
/// Search over a <see cref="SearchSpace"/> by successive halving (<see cref="SuccessiveHalving"/>) or random search:
/// each trial trains implicit ALS in memory (<see cref="ImplicitAlsTrainer"/>) on the training rows minus a validation
/// set carved from them (<see cref="ValidationSplit"/>), and is scored by Precision@10 on the validation users (ties:
/// NDCG@10). The test split is never read. Deterministic for a seed: the draws, the validation set and every trial's
/// initial factors come from it, and training is bit-identical for any thread count.
/// </summary>
internal static class HyperparameterSearch
{
    /// <summary>The cutoff of the score.</summary>
    public const int Cutoff = 10;

    /// <summary>Validation users sampled by default: enough that P@10 differences of ~0.01 between trials are real on the 20k preset.</summary>
    public const int DefaultValidationUsers = 2_000;

    /// <summary>Share of a validation user's training artists held out: the dataset's own test fraction.</summary>
    public const double DefaultValidationFraction = HoldoutSplit.DefaultTestFraction;

    /// <summary>The trials a search of <paramref name="points"/> points runs: one per point for random search, one per point and rung for halving.</summary>
    public static int TrialCount(SearchSpace space, TuneStrategy strategy, int points, int eta) =>
        strategy == TuneStrategy.Random ? points : SuccessiveHalving.Rungs(points, space.Iterations, eta).Sum(rung => rung.Points);

    /// <summary>The points a search with a budget of <paramref name="trials"/> draws (all of the space when it has fewer).</summary>
    public static IReadOnlyList<SearchPoint> Draw(SearchSpace space, TuneStrategy strategy, int trials, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(space);
        return space.Draw(trials, seed, withIterations: strategy == TuneStrategy.Random);
    }

    /// <summary>Searches <paramref name="points"/> on <paramref name="train"/> (users × items, the training split only).</summary>
    /// <param name="train">Training rows.</param>
    /// <param name="dataset">The dataset folder, for the result and the train command.</param>
    /// <param name="space">The space the points came from (recorded in the result).</param>
    /// <param name="points">The points (<see cref="Draw"/>).</param>
    /// <param name="strategy">Halving or random.</param>
    /// <param name="eta">η of halving: the share kept at each rung is 1/η.</param>
    /// <param name="seed">Seed of the validation carving and the initial factors.</param>
    /// <param name="validationUsers">Users to carve validation rows from (0: every eligible user).</param>
    /// <param name="threads">Threads; results do not depend on it.</param>
    /// <param name="onTrial">Called after each trial with the trials done so far.</param>
    /// <param name="cancellationToken">Checked between half-steps.</param>
    /// <exception cref="ArgumentException">A point's α gives the data's largest play count a confidence too large to solve (<see cref="EnsureTrainable"/>).</exception>
    /// <exception cref="InvalidDataException">No user has enough training artists to carve validation rows.</exception>
    public static TuneResults Run(CsrMatrix train, string dataset, SearchSpace space, IReadOnlyList<SearchPoint> points, TuneStrategy strategy, int eta,
        ulong seed, int validationUsers, int threads, Action<int, TuneTrial>? onTrial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(points);
        EnsureTrainable(train, dataset, points, seed);
        ValidationSplitResult split = ValidationSplit.Carve(train, validationUsers, DefaultValidationFraction, seed, threads);
        if (split.Users.Length == 0)
            throw new InvalidDataException($"no user of {dataset} has the {HoldoutSplit.DefaultMinInteractions} training artists needed to carve validation rows.");
        var trainer = new TrialTrainer(split, seed, threads);
        var results = new List<TuneTrial>();
        void Record(TuneTrial trial)
        {
            results.Add(trial);
            onTrial?.Invoke(results.Count, trial);
        }
        if (strategy == TuneStrategy.Random)
            for (int index = 0; index < points.Count; index++)
            {
                (TuneTrial trial, _) = trainer.Train(results.Count + 1, index + 1, 0, points[index], null, 0, cancellationToken);
                Record(trial);
            }
        else
            Halve(trainer, points, space, eta, Record, cancellationToken);
        TuneTrial best = results.OrderByDescending(trial => trial.Precision).ThenByDescending(trial => trial.Ndcg).ThenBy(trial => trial.Trial).First();
        return new TuneResults(dataset, seed, Cutoff, split.Users.Length, DefaultValidationFraction, strategy, strategy == TuneStrategy.Halving ? eta : 0,
            space, results, best, FormatCommandLine(TrainArguments(dataset, best, seed)));
    }

    /// <summary>Checks every point's largest confidence on <paramref name="train"/> before any training, not after an hour of it.</summary>
    /// <exception cref="ArgumentException">A point's α gives the data's largest play count a confidence too large to solve; names the point and the largest usable α.</exception>
    public static void EnsureTrainable(CsrMatrix train, string dataset, IReadOnlyList<SearchPoint> points, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(points);
        if (train.NonZeros == 0) return;
        float maxPlays = TensorPrimitives.Max(train.Values.AsSpan(0, train.NonZeros));
        foreach (SearchPoint point in points)
        {
            try
            {
                Confidence.EnsureBounded(maxPlays, point.ToOptions(seed, threads: 1));
            }
            catch (ArgumentException problem)
            {
                throw new ArgumentException($"The search point {Describe(point)} cannot train on {dataset}: {problem.Message}", problem);
            }
        }
    }

    /// <summary>Successive halving: each rung trains the survivors on from their own factors, then keeps the best ⌈n/η⌉.</summary>
    private static void Halve(TrialTrainer trainer, IReadOnlyList<SearchPoint> points, SearchSpace space, int eta, Action<TuneTrial> record,
        CancellationToken cancellationToken)
    {
        IReadOnlyList<(int Iterations, int Points)> rungs = SuccessiveHalving.Rungs(points.Count, space.Iterations, eta);
        var models = new AlsModel?[points.Count];
        var done = new int[points.Count];
        int[] alive = [.. Enumerable.Range(0, points.Count)];
        int trialNumber = 0;
        for (int rung = 0; rung < rungs.Count; rung++)
        {
            var scored = new List<TuneTrial>(alive.Length);
            foreach (int index in alive)
            {
                SearchPoint point = points[index] with { Iterations = rungs[rung].Iterations };
                (TuneTrial trial, models[index]) = trainer.Train(++trialNumber, index + 1, rung, point, models[index], done[index], cancellationToken);
                done[index] = point.Iterations;
                scored.Add(trial);
                record(trial);
            }
            if (rung + 1 == rungs.Count) break;
            // The best ⌈n/η⌉ go on, in point order; ties in precision go to NDCG, then to the earlier point.
            alive = [.. scored.OrderByDescending(trial => trial.Precision).ThenByDescending(trial => trial.Ndcg).ThenBy(trial => trial.Point)
                .Take(rungs[rung + 1].Points).Select(trial => trial.Point - 1).Order()];
            for (int index = 0; index < models.Length; index++)
                if (Array.BinarySearch(alive, index) < 0) models[index] = null;           // dropped points free their factors
        }
    }

    /// <summary>"confidence=log factors=64 ..." for messages.</summary>
    private static string Describe(SearchPoint point) => string.Create(CultureInfo.InvariantCulture,
        $"confidence={AlsOptionSet.ConfidenceName(point.Confidence)} factors={point.Factors} regularization={point.Regularization} alpha={point.Alpha}{(point.Confidence == ConfidenceMode.Log ? $" epsilon={point.Epsilon}" : "")}");

    /// <summary>The <c>als train</c> arguments that train with <paramref name="trial"/>'s parameters on <paramref name="dataset"/>.</summary>
    public static string[] TrainArguments(string dataset, TuneTrial trial, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(trial);
        string[] epsilon = trial.Confidence == ConfidenceMode.Log ? ["--epsilon", trial.Epsilon.ToString(CultureInfo.InvariantCulture)] : [];
        return
        [
            "train", "--data", dataset,
            "--confidence", AlsOptionSet.ConfidenceName(trial.Confidence),
            "--factors", trial.Factors.ToString(CultureInfo.InvariantCulture),
            "--regularization", trial.Regularization.ToString(CultureInfo.InvariantCulture),
            "--alpha", trial.Alpha.ToString(CultureInfo.InvariantCulture),
            .. epsilon,
            "--iterations", trial.Iterations.ToString(CultureInfo.InvariantCulture),
            "--seed", seed.ToString(CultureInfo.InvariantCulture),
        ];
    }

    /// <summary><c>./als</c> and the arguments, each quoted for a POSIX shell when it holds anything but safe characters.</summary>
    public static string FormatCommandLine(IEnumerable<string> arguments) =>
        "./als " + string.Join(' ', arguments.Select(argument =>
            argument.Length > 0 && argument.All(character => char.IsAsciiLetterOrDigit(character) || "-_./=:,+@%".Contains(character, StringComparison.Ordinal))
                ? argument
                : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));

    /// <summary>Trains one point (from the start, or on from a model) on the carved rows and scores it on the validation rows.</summary>
    private sealed class TrialTrainer(ValidationSplitResult split, ulong seed, int threads)
    {
        private readonly CsrMatrix _byItem = split.Train.Transpose();
        private Bm25Statistics? _bm25;

        public (TuneTrial Trial, AlsModel Model) Train(int number, int pointNumber, int rung, SearchPoint point, AlsModel? model, int completed,
            CancellationToken cancellationToken)
        {
            long start = Stopwatch.GetTimestamp();
            AlsOptions options = point.ToOptions(seed, threads);
            // BM25 weighs with the carved training rows' counts: counted once, shared by every bm25 trial.
            if (point.Confidence == ConfidenceMode.Bm25) options = options with { Bm25 = _bm25 ??= Bm25Statistics.From(split.Train) };
            var trainer = new ImplicitAlsTrainer(options) { ComputeLoss = false };
            model = model is null
                ? trainer.Fit(split.Train, _byItem, cancellationToken: cancellationToken)
                : trainer.Continue(model, split.Train, _byItem, completed, cancellationToken: cancellationToken);
            var metrics = new MetricsAccumulator(Cutoff, split.Train.Columns);
            RankingEvaluator.AddModel(model.UserFactors, new ItemScorer(model.ItemFactors), split.Train, split.Validation, split.Users, metrics, threads);
            RankingMetrics score = metrics.Result();
            var trial = new TuneTrial(number, pointNumber, rung, point.Confidence, point.Factors, point.Regularization, point.Alpha, point.Epsilon,
                point.Iterations, score.Precision, score.Ndcg, Stopwatch.GetElapsedTime(start).TotalSeconds);
            return (trial, model);
        }
    }
}
