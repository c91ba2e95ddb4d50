using System.CommandLine;
using System.Text.Json;
using Cli.Tuning;
using Spectre.Console;

namespace Cli.Tests.Tuning;

/// <summary><c>als tune</c> end to end on a small prepared dataset: determinism, no test rows, a usable best command line.</summary>
public sealed class TuneCommandTests : IAsyncLifetime, IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    private string Dataset => _folder.File("dataset");

    public async Task InitializeAsync()
    {
        string tsv = _folder.File("small.tsv");
        (int synth, _, string synthError) = await CliRunner.RunAsync("synth", "--preset", "small", "--seed", "11", "--out", tsv);
        Assert.True(synth == ExitCodes.Success, synthError);
        (int prepare, string prepareOutput, string prepareError) = await CliRunner.RunAsync("prepare", "--input", tsv, "--out", Dataset, "--top-users", "600");
        Assert.True(prepare == ExitCodes.Success, prepareError + prepareOutput);
        // Tuning must never read the test split: without it, any attempt to load it fails the run.
        Directory.Delete(Path.Combine(Dataset, "test"), recursive: true);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_same_seed_gives_the_same_trials_and_scores_without_the_test_split_and_the_best_line_parses_as_train()
    {
        (int first, string firstOutput, string firstError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "3", "--seed", "9", "--out", _folder.File("a"), "--threads", "1");
        Assert.True(first == ExitCodes.Success, firstError + firstOutput);
        (int second, string secondOutput, string secondError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "3", "--seed", "9", "--out", _folder.File("b"), "--threads", "2");
        Assert.True(second == ExitCodes.Success, secondError + secondOutput);

        TuneResults a = TuneResults.Read(Path.Combine(_folder.File("a"), TuneResults.FileName));
        TuneResults b = TuneResults.Read(Path.Combine(_folder.File("b"), TuneResults.FileName));
        Assert.Equal(3, a.Trials.Count);
        Assert.Equal(a.Trials.Select(t => t with { Seconds = 0 }), b.Trials.Select(t => t with { Seconds = 0 }));   // bit-identical scores, any threads
        Assert.Equal(3, a.Trials.Select(t => (t.Factors, t.Regularization, t.Iterations, t.Alpha)).Distinct().Count());
        Assert.All(a.Trials, t => Assert.True(t.Precision > 0 && t.Ndcg > 0 && t.Seconds > 0, t.ToString()));
        Assert.Equal(a.Trials.Max(t => t.Precision), a.Best.Precision);
        Assert.True(a.ValidationUsers > 400, $"{a.ValidationUsers} validation users");
        Assert.Equal(a.TrainOptions, b.TrainOptions);

        // Another seed draws other points of the grid.
        (int other, string otherOutput, string otherError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "3", "--seed", "10", "--out", _folder.File("c"));
        Assert.True(other == ExitCodes.Success, otherError + otherOutput);
        TuneResults c = TuneResults.Read(Path.Combine(_folder.File("c"), TuneResults.FileName));
        Assert.NotEqual(a.Trials.Select(t => (t.Factors, t.Regularization, t.Iterations, t.Alpha)), c.Trials.Select(t => (t.Factors, t.Regularization, t.Iterations, t.Alpha)));

        // The printed line is a train command line with the best trial's values.
        string line = firstOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("./als train ", StringComparison.Ordinal));
        Assert.Equal(a.TrainOptions, line);
        string[] arguments = ShellWords(line)[1..];
        ParseResult parse = CliApplication.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Parse(arguments);
        Assert.Empty(parse.Errors);
        Assert.Equal("train", parse.CommandResult.Command.Name);
        Assert.Equal(a.Best.Factors, parse.GetValue<int>("--factors"));
        Assert.Equal(a.Best.Regularization, parse.GetValue<float>("--regularization"));
        Assert.Equal(a.Best.Iterations, parse.GetValue<int>("--iterations"));
        Assert.Equal(a.Best.Alpha, parse.GetValue<float>("--alpha"));
        Assert.Equal(9UL, parse.GetValue<ulong>("--seed"));
        Assert.Equal(new DirectoryInfo(Dataset).FullName, parse.GetValue<DirectoryInfo>("--data")!.FullName);

        // The results table lists every trial, best first.
        string[] rows = [.. firstOutput.Split('\n').Where(l => l.StartsWith('│'))];
        Assert.Equal(1 + 3, rows.Length);
        Assert.Contains($"│    1 │     {a.Best.Trial} │", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tune_logs_a_timestamped_line_per_trial_when_redirected_and_draws_a_bar_on_a_terminal()
    {
        (int logged, string log, string logError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "2", "--out", _folder.File("log"));
        Assert.True(logged == ExitCodes.Success, logError + log);
        Assert.Equal(2, log.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\[\d\d:\d\d:\d\d \+\s*\d+\.\ds\] trial [12]/2: k=\d+ ")));
        Assert.DoesNotContain("\u001b[", log, StringComparison.Ordinal);

        var terminal = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(terminal), Ansi = AnsiSupport.Yes, ColorSystem = ColorSystemSupport.TrueColor, Interactive = InteractionSupport.Yes,
        });
        int code = await CliApplication.RunAsync(["tune", "--data", Dataset, "--trials", "2", "--out", _folder.File("terminal")], console, terminal, terminal);
        string screen = terminal.ToString();
        Assert.True(code == ExitCodes.Success, screen);
        Assert.Contains("\u001b[", screen, StringComparison.Ordinal);                      // a live widget redraws with escape codes
        Assert.Contains("100%", screen, StringComparison.Ordinal);                          // the bar reached the end
        Assert.DoesNotMatch(@"\] trial \d/2: ", screen);                                  // no log lines on a terminal
        Assert.Contains("tune 2/2", screen, StringComparison.Ordinal);                       // the bar's description
    }

    [Fact]
    public async Task Tune_refuses_more_trials_than_the_grid_an_existing_result_and_a_missing_dataset()
    {
        (int tooMany, _, string tooManyError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "193");
        Assert.Equal(ExitCodes.UsageError, tooMany);
        Assert.Contains("--trials must be between 1 and 192", tooManyError, StringComparison.Ordinal);

        Directory.CreateDirectory(_folder.File("taken"));
        await File.WriteAllTextAsync(Path.Combine(_folder.File("taken"), TuneResults.FileName), "{}");
        (int taken, _, string takenError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--out", _folder.File("taken"));
        Assert.Equal(ExitCodes.UsageError, taken);
        Assert.Contains("already exists", takenError, StringComparison.Ordinal);
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(_folder.File("taken"), TuneResults.FileName)));

        (int missing, _, string missingError) = await CliRunner.RunAsync("tune", "--data", _folder.File("nope"), "--out", _folder.File("d"));
        Assert.Equal(ExitCodes.UsageError, missing);
        Assert.Contains("manifest.json", missingError, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_are_distinct_points_of_the_grid_and_the_whole_grid_can_be_drawn()
    {
        var all = SearchSpace.Draw(SearchSpace.Size, 1);
        Assert.Equal(192, all.Distinct().Count());
        Assert.All(all, point =>
        {
            Assert.Contains(point.Factors, SearchSpace.Factors);
            Assert.Contains(point.Regularization, SearchSpace.Regularization);
            Assert.Contains(point.Iterations, SearchSpace.Iterations);
            Assert.Contains(point.Alpha, SearchSpace.Alpha);
        });
        Assert.Equal(SearchSpace.Draw(7, 3), SearchSpace.Draw(7, 3));
        Assert.NotEqual(SearchSpace.Draw(7, 3), SearchSpace.Draw(7, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => SearchSpace.Draw(193, 1));
    }

    [Theory]
    [InlineData("/data/set", "./als train --data /data/set")]
    [InlineData("/my data/it's", "./als train --data '/my data/it'\\''s'")]
    public void Command_lines_quote_what_a_shell_would_split(string dataset, string expected)
    {
        string line = HyperparameterSearch.FormatCommandLine(["train", "--data", dataset]);
        Assert.Equal(expected, line);
        Assert.Equal(["./als", "train", "--data", dataset], ShellWords(line));
    }

    /// <summary>Splits a line as a POSIX shell does for plain words and single quotes (all the formatter emits).</summary>
    private static string[] ShellWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        bool quoted = false, any = false, escaped = false;
        foreach (char character in line)
        {
            if (escaped) { word.Append(character); escaped = false; continue; }
            if (quoted) { if (character == '\'') quoted = false; else word.Append(character); continue; }
            if (character == '\'') { quoted = true; any = true; continue; }
            if (character == '\\') { escaped = true; continue; }
            if (character == ' ') { if (any || word.Length > 0) words.Add(word.ToString()); word.Clear(); any = false; continue; }
            word.Append(character);
        }
        if (any || word.Length > 0) words.Add(word.ToString());
        return [.. words];
    }
}
