using System.CommandLine;
using Spectre.Console;

namespace Cli.Tests;

/// <summary>Issue 16, item 4: the rough edges a first-time user hit on the command line are gone.</summary>
public sealed class RoughEdgeTests
{
    [Theory]
    [InlineData("demo")]
    [InlineData("bench")]
    [InlineData("train", "--data", "nowhere")]
    [InlineData("cluster", "--data", "nowhere")]
    public async Task Zero_iterations_are_refused_with_one_sentence(params string[] command)
    {
        (int code, string output, string error) = await CliRunner.RunAsync([.. command, "--iterations", "0"]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("als: --iterations must be between 1 and 10000; got 0.", error.Trim());
        Assert.Equal("", output);
    }

    [Theory]
    [InlineData("als: `als` has no command 'trian'. Did you mean 'train'?", "trian")]
    [InlineData("als: `als` has no command 'Similr'. Did you mean 'similar'?", "Similr")]
    [InlineData("als: `als parquet` has no command 'caat'. Did you mean 'cat'?", "parquet", "caat")]
    [InlineData("als: `als train` has no option '--factorz'. Did you mean '--factors'? See `als train --help`.", "train", "--factorz", "8")]
    public async Task An_unknown_command_or_option_is_one_line_with_the_closest_name(string expected, params string[] arguments)
    {
        (int code, _, string error) = await CliRunner.RunAsync(arguments);
        Assert.Equal(ExitCodes.UsageError, code);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_word_far_from_every_command_gets_the_list_instead_of_a_guess_and_no_command_is_one_line()
    {
        (int code, _, string error) = await CliRunner.RunAsync("fly");
        Assert.Equal(ExitCodes.UsageError, code);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("Did you mean", line, StringComparison.Ordinal);
        Assert.Contains("Commands: demo, synth, prepare, train", line, StringComparison.Ordinal);

        (int none, _, string noneError) = await CliRunner.RunAsync();
        Assert.Equal(ExitCodes.UsageError, none);
        Assert.StartsWith("als: `als` needs a command: demo, synth,", Assert.Single(noneError.Trim().Split('\n')), StringComparison.Ordinal);
    }

    /// <summary>Every option of every command that takes a number or a path, given "abc": a sentence naming the option, no .NET type name.</summary>
    [Fact]
    public async Task Every_typed_option_given_text_it_cannot_parse_says_so_in_words()
    {
        var checkedOptions = new List<string>();
        foreach ((string[] path, Option option) in TypedOptions(CliApplication.Create(AnsiConsole.Create(new AnsiConsoleSettings())), []))
        {
            (int code, _, string error) = await CliRunner.RunAsync([.. path, option.Name, "abc"]);
            string where = string.Join(' ', path) + " " + option.Name;
            Assert.True(code == ExitCodes.UsageError, where + ": " + error);
            Assert.DoesNotContain("System.", error, StringComparison.Ordinal);
            Assert.DoesNotContain("expected type", error, StringComparison.Ordinal);
            Assert.Contains($"als: {option.Name} expects ", error, StringComparison.Ordinal);
            Assert.Contains("got 'abc'.", error, StringComparison.Ordinal);
            checkedOptions.Add(where);
        }
        Assert.Contains("train --factors", checkedOptions);
        Assert.Contains("demo --seed", checkedOptions);
        Assert.Contains("recommend -n", checkedOptions);
        Assert.True(checkedOptions.Count > 40, $"only {checkedOptions.Count} options checked");
    }

    [Theory]
    [InlineData("als: --factors needs a value: an integer.", "train", "--factors")]
    [InlineData("als: --model needs a value: a path.", "similar", "--artist", "x", "--model")]
    [InlineData("als: --artist needs a value.", "similar", "--model", "m", "--artist")]
    public async Task An_option_without_its_value_says_what_value_it_needs(string expected, params string[] arguments)
    {
        (int code, _, string error) = await CliRunner.RunAsync(arguments);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains(expected, error.Split('\n').Select(line => line.Trim()));
    }

    /// <summary>(command path, option) for every option whose value is a number (text options accept "abc").</summary>
    private static IEnumerable<(string[] Path, Option Option)> TypedOptions(Command command, string[] path)
    {
        foreach (Option option in command.Options)
        {
            Type type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            if (type.IsPrimitive && type != typeof(bool)) yield return (path, option);
        }
        foreach (Command sub in command.Subcommands)
            foreach ((string[] Path, Option Option) found in TypedOptions(sub, [.. path, sub.Name]))
                yield return found;
    }

    [Fact]
    public async Task Demo_seed_seeds_the_generated_data_too()
    {
        using var folder = new TemporaryDirectory();
        async Task<byte[]> DataOf(string name, params string[] seed)
        {
            string run = folder.File(name);
            (int code, string output, string error) = await CliRunner.RunAsync(
                ["demo", "--out", run, "--iterations", "1", "--factors", "4", .. seed]);
            Assert.True(code == ExitCodes.Success, error + output);
            return await File.ReadAllBytesAsync(Path.Combine(run, "data", "lastfm-small.tsv"));
        }
        byte[] seven = await DataOf("seven", "--seed", "7"), again = await DataOf("again", "--seed", "7"), eight = await DataOf("eight", "--seed", "8");
        Assert.Equal(seven, again);
        Assert.NotEqual(seven, eight);
        Assert.Equal(eight, await DataOf("explicit", "--seed", "7", "--data-seed", "8"));     // --data-seed still overrides
    }
}
