namespace Cli.Tests;

/// <summary>Bad command lines stop before any work, with exit code 2 and a message naming the option.</summary>
public sealed class OptionValidationTests
{
    [Theory]
    [InlineData("--factors", "0", "--factors must be between 1")]
    [InlineData("--factors", "100000", "--factors must be between 1")]
    [InlineData("--regularization", "-1", "--regularization must be a finite number >= 0")]
    [InlineData("--alpha", "-0.5", "--alpha must be a finite number >= 0")]
    [InlineData("--epsilon", "0", "--epsilon must be greater than 0")]
    [InlineData("--cg-steps", "0", "--cg-steps must be between 1")]
    [InlineData("--threads", "0", "--threads must be between 1")]
    [InlineData("--solver", "lu", "lu")]
    [InlineData("--confidence", "square", "square")]
    [InlineData("--factors", "many", "many")]
    public async Task Invalid_training_options_are_rejected_by_name(string option, string value, string message)
    {
        foreach (string command in new[] { "demo", "bench" })
        {
            (int exitCode, _, string error) = await CliRunner.RunAsync(command, option, value);
            Assert.Equal(ExitCodes.UsageError, exitCode);
            Assert.Contains(message, error);
        }
    }

    [Fact]
    public async Task Unknown_commands_and_options_are_usage_errors()
    {
        Assert.Equal(ExitCodes.UsageError, (await CliRunner.RunAsync("fly")).ExitCode);
        Assert.Equal(ExitCodes.UsageError, (await CliRunner.RunAsync("demo", "--no-such-option")).ExitCode);
    }
}
