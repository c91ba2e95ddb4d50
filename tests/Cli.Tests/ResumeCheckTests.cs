using Data.Datasets;

namespace Cli.Tests;

/// <summary>Issue 17, item 9: <c>--resume</c> with another dataset, a re-prepared dataset or other options is refused, not ignored.</summary>
public sealed class ResumeCheckTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public async Task Resume_refuses_other_options_another_dataset_and_a_dataset_prepared_again()
    {
        (_, string dataset) = tiny.Copy();
        string folder = Path.GetDirectoryName(dataset)!, run = Path.Combine(folder, "trained");
        (int trained, string output, string error) = await CliRunner.RunAsync(
            "train", "--data", dataset, "--out", run, "--iterations", "1", "--factors", "4", "--workers", "1", "--eval-users", "10", "--stall-timeout", "60");
        Assert.True(trained == ExitCodes.Success, error + output);

        (int factors, _, string factorsError) = await CliRunner.RunAsync("train", "--resume", "--out", run, "--factors", "32");
        Assert.Equal(ExitCodes.UsageError, factors);
        Assert.Contains("--factors is 32 here and 4 in the run", factorsError, StringComparison.Ordinal);

        (int same, _, string sameError) = await CliRunner.RunAsync("train", "--resume", "--out", run, "--factors", "4", "--workers", "1", "--stall-timeout", "60");
        Assert.True(same == ExitCodes.Success, sameError);                            // the run's own value is fine

        (_, string other) = tiny.Copy();
        (int data, _, string dataError) = await CliRunner.RunAsync("train", "--resume", "--out", run, "--data", other);
        Assert.Equal(ExitCodes.UsageError, data);
        Assert.Contains("not --data", dataError, StringComparison.Ordinal);

        DatasetPreparer.Prepare(new PrepareOptions
        {
            Input = Path.Combine(Path.GetDirectoryName(tiny.Dataset)!, "plays.tsv"), Output = dataset, Overwrite = true, Seed = 99,
            Filter = new Data.Interactions.FilterOptions(1, 1),
        });
        (int changed, _, string changedError) = await CliRunner.RunAsync("train", "--resume", "--out", run);
        Assert.Equal(ExitCodes.UsageError, changed);
        Assert.Contains("changed since the run started", changedError, StringComparison.Ordinal);
        Assert.Single(changedError.Trim().Split('\n'));
    }
}
