using Data.Models;
using Data.Runs;

namespace Cli.Tests;

/// <summary>
/// Issue 16, item 4: <c>train --resume --iterations N</c> extends a run to N iterations, ending with the model a run of N
/// iterations from the start has, bit for bit; an N below the checkpointed iterations is refused with one sentence.
/// </summary>
public sealed class ResumeExtensionTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    private static readonly string[] Common = ["--factors", "4", "--workers", "1", "--stall-timeout", "60"];

    [Fact]
    public async Task Finished_and_unfinished_runs_extended_equal_a_run_planned_that_long_and_cannot_be_shortened()
    {
        (_, string dataset) = tiny.Copy();
        string folder = Path.GetDirectoryName(dataset)!, extended = Path.Combine(folder, "extended"), direct = Path.Combine(folder, "direct");

        await Train("train", "--data", dataset, "--out", extended, "--iterations", "2");
        Assert.Equal(2, ModelStore.Load(extended).Info.Iterations);
        (int code, string output, string error) = await CliRunner.RunAsync(["train", "--resume", "--out", extended, "--iterations", "3", .. Common]);
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Contains("up to iteration 3", output, StringComparison.Ordinal);
        await Train("train", "--resume", "--out", extended, "--iterations", "4");
        await Train("train", "--data", dataset, "--out", direct, "--iterations", "4");

        SavedModel grown = ModelStore.Load(extended), planned = ModelStore.Load(direct);
        Assert.Equal(4, grown.Info.Iterations);
        Assert.Equal(planned.Model.UserFactors.Values, grown.Model.UserFactors.Values);     // exact, not within a tolerance
        Assert.Equal(planned.Model.ItemFactors.Values, grown.Model.ItemFactors.Values);
        IReadOnlyList<IterationMetrics> grownRows = RunDirectory.ReadMetrics(Path.Combine(extended, RunDirectory.MetricsFile));
        IReadOnlyList<IterationMetrics> plannedRows = RunDirectory.ReadMetrics(Path.Combine(direct, RunDirectory.MetricsFile));
        Assert.Equal([1, 2, 3, 4], grownRows.Select(row => row.Iteration));
        Assert.Equal(plannedRows.Select(row => (row.Loss, row.Precision, row.Ndcg)), grownRows.Select(row => (row.Loss, row.Precision, row.Ndcg)));

        // An unfinished run (planned for 3, stopped after checkpoint 2: its newest checkpoint record removed) extended to 4.
        string unfinished = Path.Combine(folder, "unfinished");
        await Train("train", "--data", dataset, "--out", unfinished, "--iterations", "3");
        string newest = Directory.GetFiles(Path.Combine(unfinished, "store"), "checkpoint-*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Last();
        File.Delete(newest);
        (int again, string againOutput, string againError) = await CliRunner.RunAsync(["train", "--resume", "--out", unfinished, "--iterations", "4", .. Common]);
        Assert.True(again == ExitCodes.Success, againError + againOutput);
        Assert.Contains("resuming after checkpoint 2 of 4 iterations", againOutput, StringComparison.Ordinal);
        SavedModel resumed = ModelStore.Load(unfinished);
        Assert.Equal(4, resumed.Info.Iterations);
        Assert.Equal(planned.Model.UserFactors.Values, resumed.Model.UserFactors.Values);
        Assert.Equal(planned.Model.ItemFactors.Values, resumed.Model.ItemFactors.Values);

        (int shorter, string shorterOutput, string shorterError) = await CliRunner.RunAsync(["train", "--resume", "--out", extended, "--iterations", "3", .. Common]);
        Assert.Equal(ExitCodes.UsageError, shorter);
        Assert.Equal("als train: --iterations 3 is below the 4 iterations the run has already checkpointed: a resume can extend a run or end it later, " +
            "not undo iterations. Give --iterations 4 or more, or start a new run with another --out.", shorterError.Trim());
        Assert.DoesNotContain("Coordinator up", shorterOutput, StringComparison.Ordinal);
        Assert.Equal(4, ModelStore.Load(extended).Info.Iterations);                    // nothing changed
    }

    private static async Task Train(params string[] arguments)
    {
        (int code, string output, string error) = await CliRunner.RunAsync([.. arguments, .. Common]);
        Assert.True(code == ExitCodes.Success, error + output);
    }
}
