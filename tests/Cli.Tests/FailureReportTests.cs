using Cli.Failures;

namespace Cli.Tests;

/// <summary>The one mapping from exceptions to exit codes and sentences (issue 17, "one rule for every command").</summary>
public sealed class FailureReportTests
{
    [Fact]
    public void A_full_disk_is_a_sentence_saying_what_to_do()
    {
        (int code, string message) = FailureReport.Describe(new IOException("No space left on device : '/data/x/part-0.parquet'", 28));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.StartsWith("the disk is full (No space left on device : '/data/x/part-0.parquet').", message, StringComparison.Ordinal);
        Assert.Contains("Free some space", message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unexpected_exception_is_one_line_without_a_trace()
    {
        int[] values = [1, 2, 3];
        int index = values.Length;
        Exception thrown = Assert.Throws<IndexOutOfRangeException>(() => values[index]);
        (int code, string message) = FailureReport.Describe(new AggregateException(thrown));
        Assert.Equal(ExitCodes.Failure, code);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain(" at ", message, StringComparison.Ordinal);
        Assert.Contains("IndexOutOfRangeException", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_given_as_input_is_named_as_a_folder()
    {
        using var folder = new TemporaryDirectory();
        (int code, _, string error) = await CliRunner.RunAsync("prepare", "--input", folder.Path, "--out", folder.File("out"));
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("is a folder; name the file to read", error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(folder.File("out")));
    }

    [Fact]
    public async Task A_nan_reject_fraction_is_refused()
    {
        using var folder = new TemporaryDirectory();
        File.WriteAllText(folder.File("in.tsv"), "u\tm\tn\t1\n");
        (int code, _, string error) = await CliRunner.RunAsync("prepare", "--input", folder.File("in.tsv"), "--out", folder.File("out"), "--max-reject-fraction", "NaN");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--max-reject-fraction", error, StringComparison.Ordinal);
    }
}
