using System.CommandLine;
using System.Globalization;
using Cli.Tuning;
using Linalg.Als;
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
        Assert.Equal(TuneStrategy.Halving, a.Strategy);
        Assert.Equal(3 + 1 + 1, a.Trials.Count);                                  // 3 points at 2 iterations, ⌈3/3⌉ at 6, then at 18
        Assert.Equal(a.Trials.Select(t => t with { Seconds = 0 }), b.Trials.Select(t => t with { Seconds = 0 }));   // bit-identical scores, any threads
        Assert.Equal(3, a.Trials.Where(t => t.Rung == 0).Select(Parameters).Distinct().Count());
        Assert.All(a.Trials, t => Assert.True(t.Precision > 0 && t.Ndcg > 0 && t.Seconds > 0, t.ToString()));
        Assert.Equal(a.Trials.Max(t => t.Precision), a.Best.Precision);
        Assert.True(a.ValidationUsers > 400, $"{a.ValidationUsers} validation users");
        Assert.Equal(a.TrainOptions, b.TrainOptions);

        // Another seed draws other points of the grid.
        (int other, string otherOutput, string otherError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "3", "--seed", "10", "--out", _folder.File("c"));
        Assert.True(other == ExitCodes.Success, otherError + otherOutput);
        TuneResults c = TuneResults.Read(Path.Combine(_folder.File("c"), TuneResults.FileName));
        Assert.NotEqual(a.Trials.Where(t => t.Rung == 0).Select(Parameters), c.Trials.Where(t => t.Rung == 0).Select(Parameters));

        // The printed line is a train command line with the best trial's values.
        string line = firstOutput.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("./als train ", StringComparison.Ordinal));
        Assert.Equal(a.TrainOptions, line);
        AssertTrainLine(line, a.Best, 9);
        Assert.Equal(new DirectoryInfo(Dataset).FullName, Parse(line).GetValue<DirectoryInfo>("--data")!.FullName);

        // The results table lists every trial, best first.
        string[] rows = [.. firstOutput.Split('\n').Where(l => l.StartsWith('│'))];
        Assert.Equal(1 + 5, rows.Length);
        Assert.Contains($"│    1 │     {a.Best.Trial} │", rows[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Halving_continues_the_best_third_from_their_own_factors_and_scores_them_as_a_full_run_would()
    {
        string search = _folder.File("search.json");
        await File.WriteAllTextAsync(search, """{"confidence": ["linear", "LOG"], "factors": [8, 16], "regularization": 0.1, "alpha": [0.1, 1], "iterations": [6, 2, 4]}""");
        (int code, string output, string error) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "7", "--search", search,
            "--grid", "factors=8,12", "--out", _folder.File("halving"), "--threads", "2");
        Assert.True(code == ExitCodes.Success, error + output);
        TuneResults halving = TuneResults.Read(Path.Combine(_folder.File("halving"), TuneResults.FileName));
        Assert.Contains("7 of 8 grid points", output, StringComparison.Ordinal);
        Assert.Equal([ConfidenceMode.Linear, ConfidenceMode.Log], halving.Space!.Confidence);
        Assert.Equal([8, 12], halving.Space.Factors);                                // --grid replaced the file's list

        // Rungs: 7 points at 2 iterations, ⌈7/3⌉ = 3 at 4, 1 at 6; each rung keeps the previous rung's best by P@10, then NDCG.
        Assert.Equal([(2, 7), (4, 3), (6, 1)], halving.Trials.GroupBy(t => t.Rung).Select(g => (g.First().Iterations, g.Count())));
        Assert.Equal(Enumerable.Range(1, halving.Trials.Count), halving.Trials.Select(t => t.Trial));
        for (int rung = 1; rung <= 2; rung++)
        {
            TuneTrial[] previous = [.. halving.Trials.Where(t => t.Rung == rung - 1)];
            TuneTrial[] next = [.. halving.Trials.Where(t => t.Rung == rung)];
            int[] expected = [.. previous.OrderByDescending(t => t.Precision).ThenByDescending(t => t.Ndcg).ThenBy(t => t.Point).Take(next.Length).Select(t => t.Point).Order()];
            Assert.Equal(expected, next.Select(t => t.Point));
            Assert.All(next, t => Assert.Equal(Parameters(previous.Single(p => p.Point == t.Point)), Parameters(t)));
        }
        Assert.All(halving.Trials, t => Assert.Contains(t.Factors, new[] { 8, 12 }));
        Assert.All(halving.Trials, t => Assert.Equal(0.1f, t.Regularization));

        // Oracle: random search trains each point from the start. The same point at the same iterations scores the same,
        // to the bit, as the halving trial that continued from fewer iterations.
        TuneTrial last = halving.Trials[^1];
        string confidence = last.Confidence == ConfidenceMode.Log ? "log" : "linear";
        (int randomCode, string randomOutput, string randomError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--strategy", "random", "--out", _folder.File("random"),
            "--grid", $"confidence={confidence}", "--grid", $"factors={last.Factors}", "--grid", "regularization=0.1",
            "--grid", string.Create(CultureInfo.InvariantCulture, $"alpha={last.Alpha}"), "--grid", "iterations=4,6");
        Assert.True(randomCode == ExitCodes.Success, randomError + randomOutput);
        TuneResults random = TuneResults.Read(Path.Combine(_folder.File("random"), TuneResults.FileName));
        Assert.Equal(TuneStrategy.Random, random.Strategy);
        Assert.Equal([4, 6], random.Trials.Select(t => t.Iterations));
        foreach (TuneTrial fresh in random.Trials)
        {
            TuneTrial warm = halving.Trials.Single(t => t.Point == last.Point && t.Iterations == fresh.Iterations);
            Assert.Equal((warm.Precision, warm.Ndcg), (fresh.Precision, fresh.Ndcg));
        }
    }

    [Fact]
    public async Task Tune_logs_a_timestamped_line_per_trial_when_redirected_and_draws_a_bar_on_a_terminal()
    {
        (int logged, string log, string logError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "2", "--out", _folder.File("log"));
        Assert.True(logged == ExitCodes.Success, logError + log);
        Assert.Equal(2 + 1 + 1, log.Split('\n').Count(line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^\[\d\d:\d\d:\d\d \+\s*\d+\.\ds\] trial [1-4]/4: point [12] rung [0-2] confidence=\w+ k=\d+ ")));
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
        Assert.DoesNotMatch(@"\] trial \d/4: ", screen);                                  // no log lines on a terminal
        Assert.Contains("tune 4/4", screen, StringComparison.Ordinal);                       // the bar's description
    }

    [Fact]
    public async Task Tune_refuses_bad_grids_naming_key_and_value_an_existing_result_and_a_missing_dataset()
    {
        foreach ((string[] arguments, string message) in new (string[], string)[]
        {
            (["--grid", "factors=32,abc"], "--grid factors=abc: --factors expects an integer, got 'abc'."),
            (["--grid", "factors=0"], "--grid factors=0: --factors must be between 1 and 512; got 0."),
            (["--grid", "confidence=log,square"], "--grid confidence=square: --confidence must be one of linear, log, bm25; got 'square'."),
            (["--grid", "alfa=1,2"], "--grid: no search key 'alfa'. Did you mean 'alpha'?"),
            (["--grid", "alpha"], "--grid 'alpha' is not KEY=VALUES"),
            (["--grid", "alpha=1", "--grid", "alpha=2"], "--grid alpha is given twice"),
            (["--grid", "epsilon=0"], "--grid epsilon=0: --epsilon must be greater than 0."),
            (["--grid", "iterations=2,"], "--grid iterations: empty value"),
            (["--trials", "0"], "--trials must be between 1 and 10000"),
            (["--strategy", "grid"], "--strategy must be one of halving, random; got 'grid'."),
        })
        {
            (int code, _, string error) = await CliRunner.RunAsync(["tune", "--data", Dataset, "--out", _folder.File("never"), .. arguments]);
            Assert.True(code == ExitCodes.UsageError, string.Join(' ', arguments) + ": " + error);
            Assert.Contains(message, error, StringComparison.Ordinal);
            Assert.False(Directory.Exists(_folder.File("never")));
        }

        string search = _folder.File("bad-search.json");
        await File.WriteAllTextAsync(search, """{"factors": [32], "regularisation": [0.1]}""");
        (int misspelt, _, string misspeltError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--search", search);
        Assert.Equal(ExitCodes.UsageError, misspelt);
        Assert.Contains($"--search {search}: no search key 'regularisation'. Did you mean 'regularization'?", misspeltError, StringComparison.Ordinal);
        await File.WriteAllTextAsync(search, """{"alpha": [1, true]}""");
        (int notNumber, _, string notNumberError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--search", search);
        Assert.Equal(ExitCodes.UsageError, notNumber);
        Assert.Contains("alpha holds true", notNumberError, StringComparison.Ordinal);
        await File.WriteAllTextAsync(search, "[1, 2]");
        (int notObject, _, string notObjectError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--search", search);
        Assert.Equal(ExitCodes.UsageError, notObject);
        Assert.Contains("expected an object of lists", notObjectError, StringComparison.Ordinal);

        // α fine for one play but too large for the data's largest count: refused before any training, naming the point.
        (int tooLarge, _, string tooLargeError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--grid", "confidence=linear", "--grid", "alpha=5e8", "--out", _folder.File("never"));
        Assert.Equal(ExitCodes.UsageError, tooLarge);
        Assert.Contains("The search point confidence=linear factors=", tooLargeError, StringComparison.Ordinal);
        Assert.Contains("--alpha 500000000 give", tooLargeError, StringComparison.Ordinal);

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
    public void Draws_are_distinct_points_of_the_grid_and_epsilon_varies_only_for_the_log_mode()
    {
        SearchSpace space = SearchSpace.Default with { Epsilon = [1f, 0.5f], Factors = [32, 64, 32] };
        IReadOnlyList<SearchPoint> all = space.Points(withIterations: true);
        int perMode = 2 * space.Regularization.Count * space.Alpha.Count * space.Iterations.Count;   // the repeated 32 is one value
        Assert.Equal(perMode * (1 + 2 + 1), all.Count);                              // linear, log × 2 epsilons, bm25
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.All(all.Where(p => p.Confidence != ConfidenceMode.Log), p => Assert.Equal(AlsDefaults.Epsilon, p.Epsilon));
        Assert.Equal(space.Iterations.Min(), Assert.Single(space.Points(withIterations: false).Select(p => p.Iterations).Distinct()));

        Assert.Equal(all, space.Draw(all.Count + 5, 1, withIterations: true));      // more trials than points: the whole grid, in grid order
        Assert.Equal(space.Draw(7, 3, true), space.Draw(7, 3, true));
        Assert.NotEqual(space.Draw(7, 3, true), space.Draw(7, 4, true));
        Assert.All(space.Draw(7, 3, true), p => Assert.Contains(p, all));
        Assert.Throws<ArgumentOutOfRangeException>(() => space.Draw(0, 1, true));
    }

    [Fact]
    public void Halving_rungs_keep_a_rounded_up_third_down_to_one_at_each_distinct_iteration_count()
    {
        Assert.Equal([(2, 20), (6, 7), (18, 3)], SuccessiveHalving.Rungs(20, [2, 6, 18], 3));
        Assert.Equal([(2, 9), (6, 3), (18, 1), (30, 1)], SuccessiveHalving.Rungs(9, [18, 6, 2, 6, 30], 3));
        Assert.Equal([(5, 10), (10, 5)], SuccessiveHalving.Rungs(10, [10, 5], 2));
        Assert.Equal([(15, 4)], SuccessiveHalving.Rungs(4, [15], 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => SuccessiveHalving.Rungs(4, [15], 1));
    }

    [Fact]
    public void The_train_line_of_a_log_trial_carries_confidence_and_epsilon_and_parses_as_train()
    {
        var trial = new TuneTrial(4, 2, 1, ConfidenceMode.Log, 48, 0.05f, 2.5f, 0.25f, 12, 0.2, 0.3, 1);
        string line = HyperparameterSearch.FormatCommandLine(HyperparameterSearch.TrainArguments("/data/set", trial, 5));
        Assert.Equal("./als train --data /data/set --confidence log --factors 48 --regularization 0.05 --alpha 2.5 --epsilon 0.25 --iterations 12 --seed 5", line);
        AssertTrainLine(line, trial, 5);
        Assert.DoesNotContain("--epsilon", HyperparameterSearch.FormatCommandLine(
            HyperparameterSearch.TrainArguments("/data/set", trial with { Confidence = ConfidenceMode.Bm25 }, 5)), StringComparison.Ordinal);
    }

    private static (ConfidenceMode, int, float, float, float) Parameters(TuneTrial trial) => (trial.Confidence, trial.Factors, trial.Regularization, trial.Alpha, trial.Epsilon);

    private static ParseResult Parse(string line) =>
        CliApplication.Create(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) })).Parse(ShellWords(line)[1..]);

    /// <summary>The line parses as <c>als train</c> with the trial's every parameter.</summary>
    private static void AssertTrainLine(string line, TuneTrial trial, ulong seed)
    {
        ParseResult parse = Parse(line);
        Assert.Empty(parse.Errors);
        Assert.Equal("train", parse.CommandResult.Command.Name);
        Assert.Equal(trial.Confidence, Cli.Options.AlsOptionSet.ParseConfidence(parse.GetValue<string>("--confidence")));
        Assert.Equal(trial.Factors, parse.GetValue<int>("--factors"));
        Assert.Equal(trial.Regularization, parse.GetValue<float>("--regularization"));
        Assert.Equal(trial.Iterations, parse.GetValue<int>("--iterations"));
        Assert.Equal(trial.Alpha, parse.GetValue<float>("--alpha"));
        if (trial.Confidence == ConfidenceMode.Log) Assert.Equal(trial.Epsilon, parse.GetValue<float>("--epsilon"));
        Assert.Equal(seed, parse.GetValue<ulong>("--seed"));
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
