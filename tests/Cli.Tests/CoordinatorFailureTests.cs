namespace Cli.Tests;

/// <summary>
/// Issue 17, item 4: files of a run's store that the coordinator reads (a checkpoint, attempt.json) damaged, or no
/// checkpoint left at all: <c>train --resume</c> ends within a bound, with one sentence naming the file, never a stall.
/// </summary>
public sealed class CoordinatorFailureTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    /// <summary>Far below the 600 s stall the issue reported, far above a tiny resume (a few seconds).</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_garbage_attempt_file_fails_the_resume_naming_it()
    {
        string run = await TrainedRun();
        File.WriteAllText(Path.Combine(RunStore(run), "attempt.json"), "{ not json");
        string error = await ResumeFails(run);
        Assert.Contains("attempt.json", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_without_any_checkpoint_fails_the_resume_naming_the_store()
    {
        string run = await TrainedRun();
        foreach (string checkpoint in Directory.GetFiles(RunStore(run), "checkpoint-*.json")) File.Delete(checkpoint);
        foreach (string iteration in Directory.GetDirectories(RunStore(run), "iteration-*")) Directory.Delete(iteration, recursive: true);
        string error = await ResumeFails(run);
        Assert.Contains("no usable checkpoint", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_garbage_checkpoint_fails_the_resume_naming_it_instead_of_stalling()
    {
        string run = await TrainedRun();
        string newest = Directory.GetFiles(RunStore(run), "checkpoint-*.json").Order(StringComparer.Ordinal).Last();
        File.WriteAllText(newest, "garbage");
        string error = await ResumeFails(run);
        Assert.Contains($"{Path.GetFileName(newest)} is damaged", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("store")]
    [InlineData("run folder")]
    public async Task A_garbage_run_json_fails_the_resume_naming_it(string where)
    {
        string run = await TrainedRun();
        string file = where == "store" ? Path.Combine(RunStore(run), "run.json") : Path.Combine(run, "run.json");
        File.WriteAllText(file, "garbage");
        string error = await ResumeFails(run);
        Assert.Contains("run.json is damaged", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    private async Task<string> TrainedRun()
    {
        (_, string dataset) = tiny.Copy();
        string run = Path.Combine(Path.GetDirectoryName(dataset)!, "trained");
        (int code, string output, string error) = await CliRunner.RunAsync(
            "train", "--data", dataset, "--out", run, "--iterations", "1", "--factors", "4", "--workers", "1", "--eval-users", "10", "--stall-timeout", "60").WaitAsync(Bound);
        Assert.True(code == ExitCodes.Success, error + output);
        return run;
    }

    /// <summary>The run's folder inside its store (<c>RUNDIR/store/runs/&lt;run id&gt;</c>).</summary>
    private static string RunStore(string run) => Assert.Single(Directory.GetDirectories(Path.Combine(run, "store", "runs")));

    private static async Task<string> ResumeFails(string run)
    {
        (int code, _, string error) = await CliRunner.RunAsync("train", "--resume", "--out", run, "--workers", "1", "--stall-timeout", "60").WaitAsync(Bound);
        Assert.True(code is ExitCodes.Failure or ExitCodes.UsageError, $"exit code {code}: {error}");
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        return error;
    }
}
