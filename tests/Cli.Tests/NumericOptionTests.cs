using Data.Datasets;
using Data.Interactions;
using Data.Models;
using Linalg.Training;
using System.Numerics.Tensors;

namespace Cli.Tests;

/// <summary>Issue 17, items 1 and 9: options that can never work are refused before any work, and evaluate without test users fails.</summary>
public sealed class NumericOptionTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Theory]
    [InlineData("bench", "--alpha", "1e30")]
    [InlineData("bench", "--alpha", "1e15")]
    [InlineData("train", "--confidence", "log", "--epsilon", "1e-40")]
    [InlineData("tune", "--alpha", "1e38")]
    public async Task An_alpha_or_epsilon_that_overflows_float32_is_refused_by_name(params string[] arguments)
    {
        string[] command = arguments[0] switch
        {
            "train" => [.. arguments, "--data", tiny.Dataset],
            "tune" => ["bench", .. arguments[1..]],                                 // tune draws α from its grid; bench and demo share the options
            _ => arguments,
        };
        (int code, _, string error) = await CliRunner.RunAsync(command);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--alpha", error, StringComparison.Ordinal);
        Assert.Contains("float32", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("--alpha 0.01 and --epsilon 1E-40", "--confidence", "log", "--epsilon", "1e-40")]
    [InlineData("--alpha 1E+30 give", "--alpha", "1e30")]
    public async Task The_command_line_check_uses_the_default_of_an_option_left_out(string expected, params string[] arguments)
    {
        (int code, _, string error) = await CliRunner.RunAsync(["bench", .. arguments]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.StartsWith("als: " + expected, error, StringComparison.Ordinal);          // refused while parsing, naming what was used
    }

    [Fact]
    public async Task Distributed_train_refuses_an_alpha_that_overflows_for_the_datas_largest_play_count_before_any_work()
    {
        float maxPlays = TensorPrimitives.Max(PreparedDataset.Open(tiny.Dataset).LoadTrain().Values.AsSpan());
        Assert.True(maxPlays >= 10, $"the tiny dataset's largest count is {maxPlays}");
        // One play passes the command line's check (c = 1 + α ≤ 1e9); the data's largest count does not.
        string alpha = Math.Round(2e9 / maxPlays).ToString("F0", System.Globalization.CultureInfo.InvariantCulture);
        string run = tiny.NewFolder();
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", tiny.Dataset, "--out", run, "--confidence", "linear", "--alpha", alpha, "--iterations", "1");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.StartsWith("als train: --alpha ", error, StringComparison.Ordinal);
        Assert.Contains(FormattableString.Invariant($"give {maxPlays} plays"), error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(Directory.Exists(Path.Combine(run, "model")));
    }

    [Fact]
    public async Task Evaluate_on_a_dataset_without_test_users_fails_with_a_sentence()
    {
        string folder = tiny.NewFolder(), dataset = Path.Combine(folder, "no-test"), run = Path.Combine(folder, "run");
        DatasetPreparer.Prepare(new PrepareOptions
        {
            Input = Path.Combine(Path.GetDirectoryName(tiny.Dataset)!, "plays.tsv"), Output = dataset, TestFraction = 0, Filter = new FilterOptions(1, 1),
        });
        PreparedDataset prepared = PreparedDataset.Open(dataset);
        Assert.Equal(0, prepared.Manifest.Counts.TestUsers);
        ModelStore.Save(run, new ImplicitAlsTrainer(TinyModel.Options with { Iterations = 1 }).Fit(prepared.LoadTrain()), 1, prepared);
        (int code, string output, string error) = await CliRunner.RunAsync("evaluate", "--model", run, "--data", dataset);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("has no test user", error, StringComparison.Ordinal);
        Assert.DoesNotContain("0.0000", output, StringComparison.Ordinal);
    }
}
