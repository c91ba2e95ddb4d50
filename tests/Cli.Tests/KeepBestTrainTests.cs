using System.Globalization;
using Coordinator;
using Data.Datasets;
using Data.Models;
using Data.Runs;
using Data.Store;
using Data.Synthetic;
using Linalg.Dense;
using Linalg.Training;

namespace Cli.Tests;

/// <summary>
/// Issue 16, item 1: <c>train --keep-best</c> and <c>--early-stopping N</c> on validation rows carved out of training.
/// The case is built to peak early (λ = 0.001, α = 0.02, exact solves, k = 64 on the <c>small</c> preset: validation
/// NDCG@10 rises for two or three iterations, then falls), and every test checks that it did.
/// </summary>
public sealed class KeepBestTrainTests(KeepBestTrainTests.PeakingRun peaking) : IClassFixture<KeepBestTrainTests.PeakingRun>
{
    /// <summary>Options of a run whose validation NDCG peaks after a few iterations and then declines.</summary>
    internal static readonly string[] Peaking =
        ["--factors", "64", "--regularization", "0.001", "--alpha", "0.02", "--solver", "cholesky", "--workers", "2", "--threads", "2", "--stall-timeout", "120"];

    /// <summary>The <c>small</c> preset prepared in 2 × 2 blocks, and one early-stopped run on it (validation on every eligible user, 300 test users).</summary>
    public sealed class PeakingRun : IAsyncLifetime, IDisposable
    {
        private readonly TemporaryDirectory _folder = new();

        public string Dataset => _folder.File("dataset");

        public string Run => _folder.File("reference");

        public string Output { get; private set; } = "";

        public string NewFolder() => _folder.File("t-" + Guid.NewGuid().ToString("N"));

        public async Task InitializeAsync()
        {
            using (FileStream stream = File.Create(_folder.File("plays.tsv")))
                SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), Datasets.DatasetDefaults.Seed), stream);
            DatasetPreparer.Prepare(new PrepareOptions { Input = _folder.File("plays.tsv"), Output = Dataset, UserBlocks = 2, ItemBlocks = 2 });
            (int code, string output, string error) = await CliRunner.RunAsync(["train", "--data", Dataset, "--out", Run, "--iterations", "20",
                "--early-stopping", "3", "--validation-users", "all", "--eval-users", "300", "--keep-checkpoints", "1", .. Peaking]);
            Assert.True(code == ExitCodes.Success, error + output);
            Output = output;
        }

        public Task DisposeAsync()
        {
            Dispose();
            return Task.CompletedTask;
        }

        public void Dispose() => _folder.Dispose();
    }

    [Fact]
    public void The_kept_iteration_is_the_argmax_of_validation_ndcg_its_factors_are_the_model_and_the_run_stopped_three_after_it()
    {
        IReadOnlyList<IterationMetrics> rows = Rows(peaking.Run);
        Assert.All(rows, row => Assert.NotNull(row.ValidationNdcg));
        Assert.All(rows, row => Assert.True(row.ValidationUsers > 100, $"iteration {row.Iteration}: {row.ValidationUsers} validation users"));
        // The argmax, computed here from metrics.jsonl (the earliest of equal values).
        double bestNdcg = rows.Max(row => row.ValidationNdcg!.Value);
        int best = rows.First(row => row.ValidationNdcg == bestNdcg).Iteration;
        // It peaked: later iterations are worse, and the run ended 3 iterations after the peak, before the planned 20.
        Assert.InRange(best, 2, 8);
        Assert.Equal(best + 3, rows[^1].Iteration);
        Assert.All(rows.Where(row => row.Iteration > best), row => Assert.True(row.ValidationNdcg < bestNdcg, $"iteration {row.Iteration} is as good as {best}"));
        Assert.True(rows[^1].ValidationNdcg < bestNdcg - 0.002, $"the last iteration's {rows[^1].ValidationNdcg} is hardly below the peak {bestNdcg}: the case no longer peaks");

        SavedModel model = ModelStore.Load(peaking.Run);
        ModelSelection selection = Assert.IsType<ModelSelection>(model.Info.Selection);
        Assert.Equal(best, model.Info.Iterations);
        Assert.Equal(best, selection.KeptIteration);
        Assert.Equal(best + 3, selection.LastIteration);
        Assert.Equal(ModelSelection.BestRule, selection.Rule);
        Assert.Equal(bestNdcg, selection.ValidationNdcg);
        Assert.True(selection.StoppedEarly);
        Assert.Contains("--early-stopping 3", selection.Reason, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Stopped early at iteration {best + 3}."), peaking.Output, StringComparison.Ordinal);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Model: iteration {best} of {best + 3}, the best validation NDCG@10"), peaking.Output, StringComparison.Ordinal);

        // The model's factors are the kept checkpoint's, read back from the store; the checkpoint survived pruning
        // (--keep-checkpoints 1 keeps only the newest otherwise), older ones did not.
        RunReference reference = RunReference.Read(peaking.Run);
        var store = new FactorStore(reference.Store);
        RunPlan plan = store.ReadPlan(reference.RunId);
        Assert.Equal([best, best + 3], store.StoredIterations(reference.RunId));
        FactorMatrix users = store.ReadSide(reference.RunId, best, FactorSide.Users, plan.UserBlocks, plan.Options.Factors);
        FactorMatrix items = store.ReadSide(reference.RunId, best, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
        Assert.Equal(users.Values, model.Model.UserFactors.Values);
        Assert.Equal(items.Values, model.Model.ItemFactors.Values);
        FactorMatrix last = store.ReadSide(reference.RunId, best + 3, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
        Assert.NotEqual(last.ToArray(), model.Model.ItemFactors.ToArray());

        // The report train wrote marks the kept iteration on the validation chart and says why.
        string report = File.ReadAllText(Path.Combine(peaking.Run, "report.html"));
        int chart = report.IndexOf("id=\"chart-validation\"", StringComparison.Ordinal);
        Assert.True(chart >= 0, "no validation chart in the report");
        string validationChart = report[chart..report.IndexOf("</figure>", chart, StringComparison.Ordinal)];
        Assert.Equal(rows.Count + 1, validationChart.Split("<circle").Length - 1);            // one point per iteration, one for the kept one
        string keptSeries = string.Create(CultureInfo.InvariantCulture, $"data-series=\"kept: iteration {best}\"");
        Assert.Contains(keptSeries, validationChart, StringComparison.Ordinal);
        string keptGroup = validationChart[validationChart.IndexOf(keptSeries, StringComparison.Ordinal)..];
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"data-iteration=\"{best}\" data-value=\"{bestNdcg:R}\""), keptGroup, StringComparison.Ordinal);
        Assert.Contains("<p id=\"selection\">Model: iteration", report, StringComparison.Ordinal);

        // The plan records the validation set a resume must reuse.
        ValidationPlan validation = Assert.IsType<ValidationPlan>(plan.Validation);
        Assert.Equal(plan.Options.Seed, validation.Seed);
        Assert.Equal(new ValidationOptions(0, 0.2, true, 3), validation.Options);
        Assert.Equal(rows[0].ValidationUsers, validation.Users);
        Assert.True(validation.Rows > validation.Users);
    }

    [Fact]
    public async Task The_choice_is_the_same_when_the_test_split_is_gone()
    {
        // A copy of the dataset without any test file: a run that read the test split would fail on the missing file.
        string folder = peaking.NewFolder(), dataset = Path.Combine(folder, "dataset"), run = Path.Combine(folder, "run");
        TinyModel.CopyFolder(peaking.Dataset, dataset);
        Directory.Delete(Path.Combine(dataset, "test"), recursive: true);
        (int code, string output, string error) = await CliRunner.RunAsync(["train", "--data", dataset, "--out", run, "--iterations", "20",
            "--early-stopping", "3", "--validation-users", "all", "--no-eval", "--keep-checkpoints", "1", .. Peaking]);
        Assert.True(code == ExitCodes.Success, error + output);

        Assert.Equal(Rows(peaking.Run).Select(row => (row.Iteration, row.ValidationNdcg, row.ValidationPrecision, row.Loss)),
            Rows(run).Select(row => (row.Iteration, row.ValidationNdcg, row.ValidationPrecision, row.Loss)));
        Assert.All(Rows(run), row => Assert.Equal(0, row.EvalUsers));
        SavedModel withTest = ModelStore.Load(peaking.Run), withoutTest = ModelStore.Load(run);
        Assert.Equal(withTest.Info.Selection, withoutTest.Info.Selection);
        Assert.Equal(withTest.Model.UserFactors.Values, withoutTest.Model.UserFactors.Values);
        Assert.Equal(withTest.Model.ItemFactors.Values, withoutTest.Model.ItemFactors.Values);
    }

    [Fact]
    public async Task A_resumed_and_extended_run_knows_the_best_so_far_and_ends_as_the_uninterrupted_run()
    {
        string run = peaking.NewFolder();
        string[] validation = ["--early-stopping", "3", "--validation-users", "all", "--eval-users", "300", "--keep-checkpoints", "1"];
        await Train(["train", "--data", peaking.Dataset, "--out", run, "--iterations", "2", .. validation, .. Peaking]);
        Assert.Equal(2, ModelStore.Load(run).Info.Iterations);
        // Extended to 20: the run goes past the peak and stops where the uninterrupted one did, with its model.
        string output = await Train(["train", "--resume", "--out", run, "--iterations", "20", .. Peaking]);
        SavedModel reference = ModelStore.Load(peaking.Run), resumed = ModelStore.Load(run);
        Assert.Equal(reference.Info.Selection, resumed.Info.Selection);
        Assert.Equal(reference.Model.UserFactors.Values, resumed.Model.UserFactors.Values);
        Assert.Equal(reference.Model.ItemFactors.Values, resumed.Model.ItemFactors.Values);
        Assert.Equal(Rows(peaking.Run).Select(row => (row.Iteration, row.ValidationNdcg, row.Ndcg)), Rows(run).Select(row => (row.Iteration, row.ValidationNdcg, row.Ndcg)));
        Assert.Contains("Stopped early at iteration", output, StringComparison.Ordinal);

        // A run that stopped early stays stopped when extended: the rule still holds at its last checkpoint.
        int last = resumed.Info.Selection!.LastIteration;
        output = await Train(["train", "--resume", "--out", run, "--iterations", "25", .. Peaking]);
        ModelSelection again = ModelStore.Load(run).Info.Selection!;
        Assert.Equal(reference.Info.Selection! with { Reason = "" }, again with { Reason = "" });
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"stopped early after iteration {last} of 25"), again.Reason, StringComparison.Ordinal);
        Assert.Equal(last, Rows(run)[^1].Iteration);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture, $"Stopped early at iteration {last}."), output, StringComparison.Ordinal);

        // Another validation set or rule is refused: the run continues with its own.
        (int code, _, string error) = await CliRunner.RunAsync(["train", "--resume", "--out", run, "--early-stopping", "5", .. Peaking]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--early-stopping 5", error, StringComparison.Ordinal);
        Assert.Contains("--early-stopping 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_keep_best_the_model_is_the_last_iteration_and_early_stopping_still_ends_the_run()
    {
        string run = peaking.NewFolder();
        await Train(["train", "--data", peaking.Dataset, "--out", run, "--iterations", "20", "--early-stopping", "2", "--no-keep-best",
            "--validation-users", "all", "--eval-users", "300", "--keep-checkpoints", "1", .. Peaking]);
        IReadOnlyList<IterationMetrics> rows = Rows(run);
        int best = rows.MaxBy(row => row.ValidationNdcg)!.Iteration;
        Assert.Equal(best + 2, rows[^1].Iteration);
        SavedModel model = ModelStore.Load(run);
        Assert.Equal(rows[^1].Iteration, model.Info.Iterations);
        Assert.Equal(ModelSelection.LastRule, model.Info.Selection!.Rule);
        Assert.True(model.Info.Selection.StoppedEarly);
        Assert.Contains("--no-keep-best", model.Info.Selection.Reason, StringComparison.Ordinal);
        RunReference reference = RunReference.Read(run);
        var store = new FactorStore(reference.Store);
        Assert.Equal([rows[^1].Iteration], store.StoredIterations(reference.RunId));      // nothing kept for a best it does not use
    }

    [Theory]
    [InlineData("--early-stopping 0", "--early-stopping must be at least 1")]
    [InlineData("--early-stopping -2", "--early-stopping must be at least 1")]
    [InlineData("--keep-best --no-keep-best", "--keep-best and --no-keep-best contradict")]
    [InlineData("--validation-users none --keep-best", "--keep-best needs validation rows")]
    [InlineData("--validation-users none --early-stopping 2", "--early-stopping needs validation rows")]
    [InlineData("--validation-users 0", "--validation-users 0 is ambiguous")]
    [InlineData("--validation-users some", "--validation-users must be all, none or a positive number")]
    [InlineData("--keep-best --validation-fraction 1", "--validation-fraction must be between 0 and 1")]
    [InlineData("--keep-best --validation-fraction 0", "--validation-fraction must be between 0 and 1")]
    [InlineData("--validation-fraction 0.3", "--validation-fraction needs validation")]
    [InlineData("--no-keep-best", "--no-keep-best needs validation")]
    public async Task Bad_validation_options_are_refused_by_name_before_any_work(string options, string message)
    {
        string run = peaking.NewFolder();
        (int code, string output, string error) = await CliRunner.RunAsync(["train", "--data", peaking.Dataset, "--out", run, .. options.Split(' ')]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.DoesNotContain("Coordinator up", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(run));
    }

    private static IReadOnlyList<IterationMetrics> Rows(string run) => RunDirectory.ReadMetrics(Path.Combine(run, RunDirectory.MetricsFile));

    private static async Task<string> Train(string[] arguments)
    {
        (int code, string output, string error) = await CliRunner.RunAsync(arguments);
        Assert.True(code == ExitCodes.Success, error + output);
        return output;
    }
}
