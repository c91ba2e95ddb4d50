using Data.Runs;
using Linalg.Evaluation;

namespace Cli.Tests;

/// <summary>
/// The evaluation options of issue 16: one name for "how many users to evaluate" (<c>--eval-users all|none|N</c>) in
/// every command, a way to switch per-iteration evaluation off, and <c>--at</c> for the ranking cutoff.
/// </summary>
public sealed class EvaluationOptionTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    /// <summary>Each command that evaluates users, with the arguments it needs besides the option under test.</summary>
    private string[] Command(string name, string folder) => name switch
    {
        "train" => ["train", "--data", tiny.Dataset, "--out", Path.Combine(folder, "run"), "--iterations", "1", "--factors", "4"],
        "evaluate" => ["evaluate", "--model", tiny.Run],
        "tune" => ["tune", "--data", tiny.Dataset, "--trials", "1", "--out", Path.Combine(folder, "tune")],
        "report" => ["report", "--model", tiny.Run, "--out", Path.Combine(folder, "r.html")],
        _ => ["demo"],
    };

    [Theory]
    [InlineData("train")]
    [InlineData("demo")]
    [InlineData("evaluate")]
    [InlineData("tune")]
    [InlineData("report")]
    public async Task Eval_users_0_is_refused_as_ambiguous_in_every_command(string command)
    {
        (int code, _, string error) = await CliRunner.RunAsync([.. Command(command, tiny.NewFolder()), "--eval-users", "0"]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--eval-users 0 is ambiguous: write all", error);
    }

    [Theory]
    [InlineData("evaluate", "--users")]
    [InlineData("report", "--users")]
    [InlineData("tune", "--validation-users")]
    [InlineData("evaluate", "--k")]
    [InlineData("train", "--k")]
    public async Task The_old_option_names_are_gone(string command, string option)
    {
        (int code, _, string error) = await CliRunner.RunAsync([.. Command(command, tiny.NewFolder()), option, "10"]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(option, error);
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("tune")]
    [InlineData("report")]
    public async Task None_is_refused_where_evaluating_is_the_job(string command)
    {
        (int code, _, string error) = await CliRunner.RunAsync([.. Command(command, tiny.NewFolder()), "--eval-users", "none"]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--eval-users must be all or a positive number of users, not 'none'", error);
    }

    [Fact]
    public async Task No_eval_and_a_user_count_together_are_refused()
    {
        (int code, _, string error) = await CliRunner.RunAsync([.. Command("train", tiny.NewFolder()), "--no-eval", "--eval-users", "5"]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--no-eval and --eval-users contradict each other", error);
    }

    [Theory]
    [InlineData("all", 0)]
    [InlineData("ALL", 0)]
    [InlineData("none", -1)]
    [InlineData("None", -1)]
    [InlineData("250", 250)]
    public void Eval_users_values_parse_case_insensitively(string text, int expected)
    {
        Assert.Equal(expected, Options.EvalUsersOption.Parse(text, allowNone: true));
        Assert.Equal(RankingEvaluator.AllUsers, Options.EvalUsersOption.Parse("all", allowNone: false));
        Assert.Null(Options.EvalUsersOption.Parse("none", allowNone: false));
        Assert.Null(Options.EvalUsersOption.Parse("-3", allowNone: true));
    }

    [Theory]
    [InlineData("--no-eval")]
    [InlineData("--eval-users", "none")]
    public async Task Training_without_evaluation_reports_the_loss_and_no_ranking_metrics(params string[] off)
    {
        string folder = tiny.NewFolder();
        (int code, string output, string error) = await CliRunner.RunAsync([.. Command("train", folder), .. off]);
        Assert.True(code == ExitCodes.Success, error + output);
        IReadOnlyList<IterationMetrics> rows = RunDirectory.ReadMetrics(Path.Combine(folder, "run", RunDirectory.MetricsFile));
        Assert.Single(rows);
        Assert.All(rows, row => Assert.Equal(0, row.EvalUsers));
        Assert.All(rows, row => Assert.True(row.Loss > 0));
        Assert.Contains("Ranking metrics were off (--eval-users none)", output);
        Assert.DoesNotContain("ALS / popularity", output);
        string report = await File.ReadAllTextAsync(Path.Combine(folder, "run", "report.html"));   // the report draws no empty curve
        Assert.Contains("ranking metrics were off (--no-eval): loss only", report);
        Assert.Contains("id=\"chart-loss\"", report);
        Assert.DoesNotContain("id=\"chart-precision\"", report);
    }

    [Fact]
    public async Task Training_with_at_5_records_the_cutoff_as_at()
    {
        string folder = tiny.NewFolder();
        (int code, string output, string error) = await CliRunner.RunAsync([.. Command("train", folder), "--at", "5", "--eval-users", "all"]);
        Assert.True(code == ExitCodes.Success, error + output);
        string line = File.ReadLines(Path.Combine(folder, "run", RunDirectory.MetricsFile)).First();
        Assert.Contains("\"at\":5", line.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain("\"k\":", line);
        Assert.Equal(5, RunDirectory.ReadMetrics(Path.Combine(folder, "run", RunDirectory.MetricsFile))[0].At);
        Assert.Contains("P@5", output);
    }
}
