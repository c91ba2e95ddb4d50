using Coordinator;
using Data.Store;

namespace Cli.Tests;

/// <summary>
/// Issue 17, item 2: a run folder refers to its own store, model and metrics by relative paths (run.json and the store's
/// plan), so a copy resumes in place and never writes into the original.
/// </summary>
public sealed class RelocatableRunTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public async Task A_copied_run_folder_resumes_in_place_and_leaves_the_original_untouched()
    {
        (string dataset, string original, string copy) = await TrainAndCopy("B");
        Dictionary<string, (long, DateTime)> before = Files(original);

        RunReference reference = RunReference.Read(copy);
        Assert.Equal(Path.Combine(copy, "store"), reference.Store);
        RunPlan plan = new FactorStore(reference.Store).ReadPlan(reference.RunId);
        Assert.Equal(copy, plan.RunFolder);
        Assert.Equal(dataset, plan.Dataset);                                         // outside the run folder: kept as it was

        (int resumed, string resumeOutput, string resumeError) = await CliRunner.RunAsync("train", "--resume", "--out", copy, "--workers", "1", "--stall-timeout", "60");
        Assert.True(resumed == ExitCodes.Success, resumeError + resumeOutput);
        Assert.Contains($"(store {Path.Combine(copy, "store")})", resumeOutput, StringComparison.Ordinal);
        Assert.DoesNotContain(original + Path.DirectorySeparatorChar, resumeOutput, StringComparison.Ordinal);
        Assert.Equal(before, Files(original));
    }

    [Fact]
    public async Task A_plan_that_names_another_run_folder_is_refused_and_that_run_is_left_untouched()
    {
        (_, string original, string copy) = await TrainAndCopy("C");
        Assert.Equal("../dataset", System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(original, "model", "model.json")))!["dataset"]!.GetValue<string>());
        RunReference reference = RunReference.Read(copy);
        string plan = Path.Combine(reference.Store, "runs", reference.RunId.ToString("N"), "run.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(plan))!;
        json["run_folder"] = original;                                              // the plan now points at another run
        File.WriteAllText(plan, json.ToJsonString());
        Dictionary<string, (long, DateTime)> before = Files(original);

        (int resumed, _, string resumeError) = await CliRunner.RunAsync("train", "--resume", "--out", copy, "--iterations", "2", "--workers", "1", "--stall-timeout", "60");
        Assert.Equal(ExitCodes.UsageError, resumed);
        string line = Assert.Single(resumeError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"belongs to the run folder {original}, not {copy}", line, StringComparison.Ordinal);
        Assert.Equal(before, Files(original));
    }

    private static Dictionary<string, (long, DateTime)> Files(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories)
            .ToDictionary(file => Path.GetRelativePath(folder, file), file => (new FileInfo(file).Length, File.GetLastWriteTimeUtc(file)));

    /// <summary>Trains a one-iteration run "A" beside a fresh copy of the tiny dataset, then copies the run folder to <paramref name="copyName"/>.</summary>
    private async Task<(string Dataset, string Original, string Copy)> TrainAndCopy(string copyName)
    {
        (_, string dataset) = tiny.Copy();
        string folder = Path.GetDirectoryName(dataset)!, original = Path.Combine(folder, "A"), copy = Path.Combine(folder, copyName);
        (int trained, string output, string error) = await CliRunner.RunAsync(
            "train", "--data", dataset, "--out", original, "--iterations", "1", "--factors", "4", "--workers", "1", "--eval-users", "10", "--stall-timeout", "60");
        Assert.True(trained == ExitCodes.Success, error + output);
        TinyModel.CopyFolder(original, copy);
        return (dataset, original, copy);
    }
}
