using System.Diagnostics;

namespace Cli.Tests;

/// <summary>The repo's <c>./als</c> script, run as a process: the way docs, scripts and users call the tool.</summary>
public sealed class AlsScriptTests
{
    [Fact]
    public async Task The_script_runs_the_demo_with_plain_output_when_redirected()
    {
        using var folder = new TemporaryDirectory();
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "als"), ["demo", "--iterations", "2", "--factors", "16", "--out", Path.Combine(folder.Path, "run")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(process.ExitCode == 0, await error + await output);
        string text = await output;
        Assert.DoesNotContain("\u001b[", text);                               // no colour codes in a log
        Assert.Contains("Precision@10", text);
        Assert.All(text.Split('\n'), line => Assert.True(line.Length < CliApplication.RedirectedWidth + 1));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(folder.Path, "run", "metrics.jsonl")).Length);
    }
}
