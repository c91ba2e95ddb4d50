using System.CommandLine;
using System.Globalization;
using Coordinator;
using Cli.Models;
using Cli.Options;
using Data.Datasets;
using Data.Store;
using Linalg.Als;

namespace Cli.Runs;

/// <summary>
/// <c>--resume</c> continues a run exactly as it was planned: a <c>--data</c> other than the run's dataset, a dataset
/// prepared again since (its manifest's CRC-32 differs from the one the plan recorded), or a training option given
/// with a value other than the run's is refused with a sentence, never silently ignored. The one exception is
/// <c>--iterations</c>: it sets how far the resumed run goes (<see cref="Coordinator.TrainingSession.Resume"/>).
/// </summary>
internal static class ResumeCheck
{
    /// <summary>Checks the command line of a resume of <paramref name="runFolder"/> against the run's plan.</summary>
    /// <exception cref="CommandProblem">The dataset or an option differs from the run's.</exception>
    /// <exception cref="InvalidDataException">The folder holds no run, or its plan cannot be read.</exception>
    public static void Verify(ParseResult parse, AlsOptionSet als, Option<DirectoryInfo?> data, string runFolder, ValidationOptionSet? validation = null)
    {
        RunReference reference = RunReference.Read(runFolder);
        RunPlan plan = new FactorStore(reference.Store).ReadPlan(reference.RunId);
        if (parse.GetValue(data) is { } given && !SameFolder(given.FullName, plan.Dataset))
            throw new CommandProblem(
                $"--resume continues the run on its own dataset {plan.Dataset}, not --data {given.FullName}; leave out --data, or start a new run with another --out.");
        if (plan.DatasetManifestCrc32 is { } planned && File.Exists(Path.Combine(plan.Dataset, DatasetLayout.Manifest))
            && PreparedDataset.ManifestCrc32(plan.Dataset) is var now && now != planned)
            throw new CommandProblem(
                $"the dataset {plan.Dataset} changed since the run started (manifest.json CRC-32 {now}, the run's {planned}): a resume would mix two datasets. Start a new run with another --out.");
        AlsOptions requested = als.Read(parse);
        AlsOptions run = plan.Options;
        var differences = new List<string>();
        Compare(parse, als.Factors, requested.Factors, run.Factors, differences);
        Compare(parse, als.Regularization, requested.Regularization, run.Regularization, differences);
        Compare(parse, als.Alpha, requested.Alpha, run.Alpha, differences);
        Compare(parse, als.Confidence, AlsOptionSet.ConfidenceName(requested.Confidence), AlsOptionSet.ConfidenceName(run.Confidence), differences);
        Compare(parse, als.Epsilon, requested.Epsilon, run.Epsilon, differences);
        // --iterations is not compared: a resume may extend the run (TrainingSession.Resume checks it against the checkpoints).
        Compare(parse, als.Solver, AlsOptionSet.SolverName(requested.Solver), AlsOptionSet.SolverName(run.Solver), differences);
        Compare(parse, als.CgSteps, requested.CgSteps, run.CgSteps, differences);
        Compare(parse, als.Seed, requested.Seed, run.Seed, differences);
        if (validation is not null && validation.AnyGiven(parse) && validation.Read(parse) is var asked && asked != plan.Validation?.Options)
            differences.Add($"the validation options ask for {Describe(asked)} and the run has {Describe(plan.Validation?.Options)}");
        if (differences.Count > 0)
            throw new CommandProblem(
                $"--resume continues the run with its own options, but {string.Join(", ", differences)}; leave them out, or start a new run with another --out.");
    }

    /// <summary>Notes <paramref name="option"/> when the command line gave it a value other than the run's.</summary>
    private static void Compare<T>(ParseResult parse, Option option, T requested, T run, List<string> differences)
    {
        if (parse.GetResult(option) is { Implicit: false } && !EqualityComparer<T>.Default.Equals(requested, run))
            differences.Add(string.Create(CultureInfo.InvariantCulture, $"{option.Name} is {requested} here and {run} in the run"));
    }

    /// <summary>The validation options in the words of the command line.</summary>
    private static string Describe(ValidationOptions? options) => options is null ? "no validation" : string.Create(CultureInfo.InvariantCulture,
        $"--validation-users {(options.Users == Linalg.Evaluation.RankingEvaluator.AllUsers ? "all" : options.Users.ToString(CultureInfo.InvariantCulture))} --validation-fraction {options.Fraction} " +
        $"{(options.KeepBest ? "--keep-best" : "--no-keep-best")}{(options.EarlyStopping is { } n ? $" --early-stopping {n}" : "")}");

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
