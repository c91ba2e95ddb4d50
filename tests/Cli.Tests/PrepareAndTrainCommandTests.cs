using System.Globalization;
using System.Text.Json;
using Data.Datasets;
using Data.Models;

namespace Cli.Tests;

/// <summary>synth → prepare → train through the command line, and each command's refusals with their exit codes.</summary>
public sealed class PrepareAndTrainCommandTests
{
    [Fact]
    public async Task Synth_prepare_and_train_produce_a_dataset_metrics_and_a_model()
    {
        using var folder = new TemporaryDirectory();
        string tsv = folder.File("small.tsv"), dataset = folder.File("dataset"), run = folder.File("run");
        (int synth, string synthOutput, _) = await CliRunner.RunAsync("synth", "--preset", "small", "--seed", "3", "--out", tsv, "--inject-faults", "9", "--duplicates", "2");
        Assert.Equal(0, synth);
        Assert.Contains("Injected 9 malformed and 2 duplicate lines", synthOutput);
        Assert.Equal(12, File.ReadAllLines(tsv + ".injected.tsv").Length);            // header + 11

        (int prepare, string prepareOutput, string prepareError) = await CliRunner.RunAsync("prepare", "--input", tsv, "--out", dataset,
            "--user-blocks", "2", "--item-blocks", "2", "--max-reject-fraction", "0.01");
        Assert.True(prepare == 0, prepareError);
        DatasetManifest manifest = DatasetPreparer.ReadManifest(dataset);
        Assert.Equal(9, manifest.Counts.Rejected);
        Assert.Contains($"= kept {manifest.Counts.Kept:N0} + merged {manifest.Counts.Merged:N0} + rejected 9 + filtered", prepareOutput);
        PrepareTimings timings = manifest.Timings!;                                     // where the time went, printed and stored alike
        Assert.Equal(Environment.ProcessorCount, timings.Threads);
        Assert.Contains(string.Create(CultureInfo.InvariantCulture,
            $"Seconds: read {timings.Read:F2}, parse {timings.Parse:F2}, key {timings.Key:F2} (summed over {timings.Threads} threads), " +
            $"filter {timings.Filter:F2}, split {timings.Split:F2}, write {timings.Write:F2}; total {timings.Total:F2}."), prepareOutput);

        (int train, string trainOutput, string trainError) = await CliRunner.RunAsync("train", "--data", dataset, "--out", run,
            "--factors", "16", "--iterations", "3", "--eval-users", "500", "--solver", "cholesky");
        Assert.True(train == 0, trainError + trainOutput);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
        using (JsonDocument first = JsonDocument.Parse(File.ReadAllLines(Path.Combine(run, "metrics.jsonl"))[0]))
            Assert.Equal(500, first.RootElement.GetProperty("eval_users").GetInt32());
        SavedModel model = ModelStore.Load(run);
        Assert.Equal(manifest.Counts.Users, model.Info.Users);
        Assert.Equal(16, model.Info.Parameters.Factors);
        Assert.Equal(Linalg.Als.AlsSolver.Cholesky, model.Info.Parameters.Solver);
    }

    [Fact]
    public async Task Prepare_refuses_missing_input_and_a_non_empty_output_with_one_line_and_exit_code_2()
    {
        using var folder = new TemporaryDirectory();
        (int missing, _, string missingError) = await CliRunner.RunAsync("prepare", "--input", folder.File("nope.tsv"), "--out", folder.File("out"));
        Assert.Equal(ExitCodes.UsageError, missing);
        Assert.Single(missingError.Trim().Split('\n'));
        Assert.Contains("does not exist", missingError);

        File.WriteAllText(folder.File("in.tsv"), "u\tm\tn\t1\n");
        Directory.CreateDirectory(folder.File("busy"));
        File.WriteAllText(folder.File("busy/other.txt"), "x");
        (int busy, _, string busyError) = await CliRunner.RunAsync("prepare", "--input", folder.File("in.tsv"), "--out", folder.File("busy"));
        Assert.Equal(ExitCodes.UsageError, busy);
        Assert.Contains("not empty; use --overwrite", busyError);

        File.WriteAllText(folder.File("plain-file"), "x");
        (int notFolder, _, string notFolderError) = await CliRunner.RunAsync("prepare", "--input", folder.File("in.tsv"), "--out", folder.File("plain-file"));
        Assert.Equal(ExitCodes.UsageError, notFolder);
        Assert.Contains("is a file", notFolderError);
    }

    [Fact]
    public async Task Prepare_fails_with_exit_code_1_when_too_many_rows_are_rejected()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.File("wrong.csv"), "user,artist,plays\nalice,abba,3\nbob,abba,4\n");
        (int code, _, string error) = await CliRunner.RunAsync("prepare", "--input", folder.File("wrong.csv"), "--out", folder.File("out"));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("3 of 3 input rows", error);
        Assert.Contains("rejects.tsv", error);
    }

    [Fact]
    public async Task Train_refuses_a_folder_that_is_not_a_dataset()
    {
        using var folder = new TemporaryDirectory();
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", folder.Path);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("manifest.json is missing", error);
    }
}
