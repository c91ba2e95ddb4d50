using System.Text.RegularExpressions;
using Cli.Failures;
using Data.Failures;
using Data.Runs;

namespace Cli.Tests;

/// <summary>
/// Issue 17, "one rule for every command": worker, train (and the cluster path it shares), fold-in and the model
/// commands keep no catch lists of their own; what they throw reaches <see cref="FailureReport"/>, which keeps their
/// exit codes (2 for an input the user named, 1 for damaged data) and writes one line without a trace.
/// </summary>
public sealed partial class FailurePathTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public void An_input_the_user_named_is_a_usage_error_and_damaged_data_a_failure()
    {
        Assert.Equal(ExitCodes.UsageError, FailureReport.Describe(new InvalidInputException("plays.tsv, line 2: plays 'x' is not a whole number.")).ExitCode);
        Assert.Equal(ExitCodes.Failure, FailureReport.Describe(new InvalidDataException("manifest.json is damaged.")).ExitCode);
    }

    [Fact]
    public void What_to_do_next_follows_the_message_on_the_same_line_whatever_the_failure()
    {
        var error = new StringWriter();
        int code = FailureReport.Write(new OperationCanceledException(), "train", error, "Checkpoints are kept; continue with: als train --resume --out R");
        Assert.Equal(ExitCodes.Cancelled, code);
        Assert.Equal("als train: stopped. Checkpoints are kept; continue with: als train --resume --out R", error.ToString().TrimEnd());

        error = new StringWriter();
        code = FailureReport.Write(new IOException("R/store/x.arrow: read-only file system"), "cluster", error, "Checkpoints are kept.");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Equal("als cluster: R/store/x.arrow: read-only file system Checkpoints are kept.", error.ToString().TrimEnd());
    }

    [Fact]
    public void A_full_disk_inside_a_run_reads_the_same_way_as_at_the_command_line()
    {
        var full = new IOException("No space left on device : '/runs/r/model/users.parquet'", 28);
        Assert.Equal("the disk is full (No space left on device : '/runs/r/model/users.parquet'); free some space", FailureCause.Of(full));
        Assert.StartsWith("the disk is full (", FailureReport.Describe(full).Message, StringComparison.Ordinal);
        Assert.True(FailureCause.IsDiskFull(new IOException("Failed to create '/s/x.tmp' with allocation size '10' because the disk was full.")));
        Assert.Equal("/s/x.arrow is damaged", FailureCause.Of(new IOException("/s/x.arrow is damaged")));
        Assert.Equal("InvalidOperationException: boom", FailureCause.Of(new InvalidOperationException("boom")));
    }

    [Fact]
    public async Task A_worker_with_a_missing_certificate_names_it_in_one_line_with_exit_code_2()
    {
        string folder = tiny.NewFolder(), certificate = Path.Combine(folder, "missing.pem");
        (int code, _, string error) = await CliRunner.RunAsync("worker", "--join", "127.0.0.1:1", "--store", folder, "--tls-certificate", certificate);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal($"als worker: --tls-certificate {certificate}: the file does not exist.", error.Trim());
    }

    [Fact]
    public async Task A_worker_without_a_store_is_one_line_with_exit_code_2()
    {
        (int code, _, string error) = await CliRunner.RunAsync("worker", "--join", "127.0.0.1:1");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("als worker: --store is required: the factor store folder the coordinator uses.", error.Trim());
    }

    [Theory]
    [InlineData("train")]
    [InlineData("cluster")]
    public async Task Resuming_a_folder_without_a_run_is_one_line_with_exit_code_2(string command)
    {
        string folder = tiny.NewFolder();
        (int code, _, string error) = await CliRunner.RunAsync(command, "--resume", "--out", folder);
        Assert.Equal(ExitCodes.UsageError, code);
        AssertOneLine(error, $"als {command}: {folder} holds no run to resume");
    }

    [Fact]
    public async Task Training_into_a_folder_that_holds_a_run_is_one_line_with_exit_code_2_and_keeps_the_run()
    {
        (string run, string dataset) = tiny.Copy();
        string metrics = File.ReadAllText(Path.Combine(run, RunDirectory.MetricsFile));
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", dataset, "--out", run, "--iterations", "1", "--factors", "4");
        Assert.Equal(ExitCodes.UsageError, code);
        AssertOneLine(error, "already holds a run");
        Assert.Equal(metrics, File.ReadAllText(Path.Combine(run, RunDirectory.MetricsFile)));
    }

    [Fact]
    public async Task Training_on_a_folder_that_is_no_dataset_is_one_line_with_exit_code_2()
    {
        string folder = tiny.NewFolder();
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", folder, "--out", Path.Combine(folder, "run"), "--iterations", "1");
        Assert.Equal(ExitCodes.UsageError, code);
        AssertOneLine(error, $"{folder} is not a prepared dataset: manifest.json is missing");
    }

    [Fact]
    public async Task Training_on_a_damaged_manifest_is_one_line_with_exit_code_1()
    {
        (_, string dataset) = tiny.Copy();
        File.WriteAllText(Path.Combine(dataset, "manifest.json"), "{ not json");
        string output = Path.Combine(Path.GetDirectoryName(dataset)!, "new-run");
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", dataset, "--out", output, "--iterations", "1");
        Assert.Equal(ExitCodes.Failure, code);
        AssertOneLine(error, "manifest.json is damaged");
    }

    /// <summary>One line on standard error, starting with the command's prefix, holding <paramref name="expected"/>, no frame of a trace.</summary>
    private static void AssertOneLine(string error, string expected)
    {
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length == 1, error);
        Assert.StartsWith("als ", lines[0], StringComparison.Ordinal);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotMatch(StackFrame(), error);
    }

    [GeneratedRegex(@"^\s+at ", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
