namespace Cli.Tests;

/// <summary>The cluster node options: bad values are refused naming the option.</summary>
public sealed class ClusterCommandTests
{
    [Fact]
    public async Task A_worker_without_join_is_refused_naming_the_option()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("worker", "--store", "/nonexistent");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--join", error);
    }

    [Fact]
    public async Task A_join_address_that_is_not_host_and_port_is_refused_saying_what_it_should_be()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("worker", "--join", "localhost", "--store", "/nonexistent");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.StartsWith("als worker: --join 'localhost' is not HOST:PORT", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Theory]
    [InlineData("user:s3cret-pw@host:2552")]
    [InlineData("akka.tcp://als@host:2552")]
    [InlineData("host:2552/s3cret-pw")]
    public async Task A_join_address_with_a_user_password_or_scheme_is_refused_without_repeating_it(string join)
    {
        (int exitCode, string output, string error) = await CliRunner.RunAsync("worker", "--join", join, "--store", "/nonexistent");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.StartsWith("als worker: --join takes HOST:PORT alone", error.Trim(), StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain(join, error + output, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_out_of_range_is_refused_naming_the_option()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("train", "--port", "70000", "--data", "/nonexistent");
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--port", error);
    }
}
