using System.Text.Json;

namespace Cli.Tests;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_json_reports_the_promised_fields_from_real_timings()
    {
        (int exitCode, string output, string error) = await CliRunner.RunAsync(
            "bench", "--preset", "small", "--factors", "16", "--iterations", "3", "--threads", "1", "--json");
        Assert.True(exitCode == ExitCodes.Success, error + output);
        using JsonDocument json = JsonDocument.Parse(output.Trim());
        JsonElement root = json.RootElement;
        Assert.Equal("small", root.GetProperty("preset").GetString());
        Assert.Equal(16, root.GetProperty("factors").GetInt32());
        Assert.Equal(1, root.GetProperty("threads").GetInt32());
        Assert.InRange(root.GetProperty("train_nnz").GetInt64(), 60_000, 90_000);
        double[] seconds = [.. root.GetProperty("iteration_seconds").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(3, seconds.Length);
        Assert.All(seconds, s => Assert.True(s > 0));
        double median = root.GetProperty("seconds_per_iteration_median").GetDouble();
        // Median of iterations 2..3; every figure is rounded to 4 decimals in the JSON, so they agree to within 1e-4.
        Assert.InRange(median, (seconds[1] + seconds[2]) / 2 - 1.5e-4, (seconds[1] + seconds[2]) / 2 + 1.5e-4);
        Assert.True(root.GetProperty("peak_rss_mb").GetDouble() > 10);
        Assert.True(root.GetProperty("gflops").GetDouble() > 0);
        // The whole fit holds every timed iteration and the one-off work before them.
        Assert.True(root.GetProperty("fit_seconds").GetDouble() >= seconds.Sum() - 0.01);
    }

    [Fact]
    public async Task Bench_needs_a_warm_up_iteration()
    {
        (int exitCode, _, string error) = await CliRunner.RunAsync("bench", "--preset", "small", "--iterations", "1");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--iterations must be at least 2", error);
    }

    [Fact]
    public async Task Bench_scale_multiplies_the_rows_and_is_refused_with_a_prepared_dataset()
    {
        (int exitCode, string output, string error) = await CliRunner.RunAsync(
            "bench", "--preset", "small", "--scale", "2", "--factors", "16", "--iterations", "2", "--threads", "1", "--json");
        Assert.True(exitCode == ExitCodes.Success, error + output);
        using JsonDocument json = JsonDocument.Parse(output.Trim());
        Assert.Equal(2, json.RootElement.GetProperty("scale").GetInt32());
        Assert.InRange(json.RootElement.GetProperty("train_nnz").GetInt64(), 2 * 60_000, 2 * 90_000);

        (exitCode, _, error) = await CliRunner.RunAsync("bench", "--data", ".", "--scale", "2");
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("--scale applies to a synthetic preset", error);
    }
}
