using System.Text.Json;
using Cli.Runs;
using Data.Runs;

namespace Cli.Tests;

/// <summary>The demo end to end, in-process: the files it promises, with the fields it promises, and ALS ahead of popularity.</summary>
public sealed class DemoCommandTests
{
    private static readonly string[] Fields = ["iteration", "seconds", "loss", "precision", "recall", "ndcg", "map", "hit_rate", "coverage", "at", "eval_users"];

    [Fact]
    public async Task Demo_writes_one_metrics_line_per_iteration_and_the_baseline_and_beats_popularity()
    {
        using var folder = new TemporaryDirectory();
        string run = Path.Combine(folder.Path, "run");
        (int exitCode, string output, string error) = await CliRunner.RunAsync("demo", "--iterations", "6", "--factors", "32", "--out", run);

        Assert.True(exitCode == ExitCodes.Success, error + output);
        string[] lines = await File.ReadAllLinesAsync(Path.Combine(run, RunDirectory.MetricsFile));
        Assert.Equal(6, lines.Length);
        for (int i = 0; i < lines.Length; i++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[i]);
            Assert.Equal(Fields, line.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(i + 1, line.RootElement.GetProperty("iteration").GetInt32());
            Assert.Equal(10, line.RootElement.GetProperty("at").GetInt32());
            Assert.True(line.RootElement.GetProperty("eval_users").GetInt32() > 1_000);
        }
        using JsonDocument baseline = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(run, RunDirectory.BaselineFile)));
        Assert.Equal(Fields, baseline.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, baseline.RootElement.GetProperty("loss").ValueKind);

        IReadOnlyList<IterationMetrics> metrics = RunDirectory.ReadMetrics(Path.Combine(run, RunDirectory.MetricsFile));
        double popularityPrecision = baseline.RootElement.GetProperty("precision").GetDouble();
        double popularityNdcg = baseline.RootElement.GetProperty("ndcg").GetDouble();
        Assert.True(metrics[^1].Precision > 1.5 * popularityPrecision, $"P@10 {metrics[^1].Precision:F4} vs popularity {popularityPrecision:F4}");
        Assert.True(metrics[^1].Ndcg > 1.5 * popularityNdcg, $"NDCG@10 {metrics[^1].Ndcg:F4} vs popularity {popularityNdcg:F4}");
        Assert.Equal(metrics[0].EvalUsers, baseline.RootElement.GetProperty("eval_users").GetInt32());
        for (int i = 1; i < metrics.Count; i++) Assert.True(metrics[i].Loss < metrics[i - 1].Loss, $"loss rose at iteration {i + 1}");

        Assert.True(File.Exists(Path.Combine(run, "model", "model.json")));                       // synth -> prepare -> train
        Assert.True(File.Exists(Path.Combine(run, "data", "dataset", "manifest.json")));
        Assert.Contains("NDCG@10", output);
        Assert.Contains("popularity", output);
        Assert.Contains("eval s", output);
        // One row per iteration, from its training seconds to its evaluation seconds.
        Assert.Equal(6, output.Split('\n').Count(l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^\s+\d+\s+\d+\.\d{3}\s.*\s\d+\.\d{2}\s*$")));
    }

    [Fact]
    public async Task Demo_refuses_a_folder_that_already_holds_a_run()
    {
        using var folder = new TemporaryDirectory();
        string metrics = Path.Combine(folder.Path, RunDirectory.MetricsFile);
        await File.WriteAllTextAsync(metrics, "{\"iteration\":1}\n");
        (int exitCode, _, string error) = await CliRunner.RunAsync("demo", "--out", folder.Path);
        Assert.Equal(ExitCodes.UsageError, exitCode);
        Assert.Contains("already holds a run", error);
        Assert.Equal("{\"iteration\":1}\n", await File.ReadAllTextAsync(metrics));
    }
    [Fact]
    public async Task Training_on_a_terminal_draws_a_block_progress_bar_and_still_prints_every_metrics_row()
    {
        using var folder = new TemporaryDirectory();
        var terminal = new StringWriter();
        Spectre.Console.IAnsiConsole console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(terminal), Ansi = Spectre.Console.AnsiSupport.Yes,
            ColorSystem = Spectre.Console.ColorSystemSupport.TrueColor, Interactive = Spectre.Console.InteractionSupport.Yes,
        });
        int code = await CliApplication.RunAsync(["demo", "--iterations", "4", "--factors", "16", "--out", Path.Combine(folder.Path, "run")], console, terminal, terminal);
        string screen = terminal.ToString();

        Assert.True(code == ExitCodes.Success, screen);
        Assert.Matches(@"iteration [1-4]/4, blocks \d+/\d+", screen);                                  // the bar's description
        for (int iteration = 1; iteration <= 4; iteration++)
            Assert.Matches($@"(?m)(^|\u001b\[\d+A)\s+{iteration}\s+\d+\.\d+\s+\d", screen);               // every metrics row, printed above the bar

        (int logged, string log, string error) = await CliRunner.RunAsync("demo", "--iterations", "2", "--factors", "16", "--out", Path.Combine(folder.Path, "log"));
        Assert.True(logged == ExitCodes.Success, error + log);
        Assert.DoesNotContain("blocks ", log, StringComparison.Ordinal);                                  // no bar in a log
    }
}
