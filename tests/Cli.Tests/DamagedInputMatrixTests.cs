using System.Text;
using System.Text.RegularExpressions;
using Data.Runs;

namespace Cli.Tests;

/// <summary>
/// Every command against damaged inputs (issue 17, "one rule for every command"): whatever the damage, the command
/// ends within <see cref="TimeBound"/> with a non-zero exit code and at most two lines on standard error, none of
/// them a stack-trace frame. Each case damages a copy of <see cref="TinyModel"/>'s run and dataset, so cases are
/// independent and may run in parallel with other test classes.
/// </summary>
public sealed partial class DamagedInputMatrixTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    /// <summary>Far above what any of these tiny cases needs (milliseconds to a few seconds), far below a stall.</summary>
    private static readonly TimeSpan TimeBound = TimeSpan.FromSeconds(60);

    public enum Damage { Empty, Truncated, Garbage, WrongType, MissingField, Huge }

    public static TheoryData<string, Damage> ModelCases()
    {
        var data = new TheoryData<string, Damage>();
        foreach (string command in new[] { "evaluate", "recommend", "similar", "explain", "fold-in", "export", "report", "serve" })
            foreach (Damage damage in Enum.GetValues<Damage>()) data.Add(command, damage);
        return data;
    }

    public static TheoryData<string, Damage> DatasetCases()
    {
        var data = new TheoryData<string, Damage>();
        foreach (string command in new[] { "evaluate", "recommend", "explain", "export", "report", "tune", "bench", "train", "parquet" })
            foreach (Damage damage in Enum.GetValues<Damage>()) data.Add(command, damage);
        return data;
    }

    public static TheoryData<string, Damage> TextInputCases()
    {
        var data = new TheoryData<string, Damage>();
        foreach (string command in new[] { "prepare", "fold-in" })
            foreach (Damage damage in Enum.GetValues<Damage>()) data.Add(command, damage);
        return data;
    }

    /// <summary>Every file of the model folder (and the run's metrics for report), each damaged in turn.</summary>
    [Theory, MemberData(nameof(ModelCases))]
    public async Task A_damaged_model_file_ends_in_a_sentence(string command, Damage damage)
    {
        string run = CopyRun(out string dataset);
        var targets = Directory.GetFiles(Path.Combine(run, "model")).Order(StringComparer.Ordinal).ToList();
        if (command == "report") targets.Add(Path.Combine(run, RunDirectory.MetricsFile));
        foreach (string target in targets)
        {
            byte[] original = File.ReadAllBytes(target);
            Apply(target, damage);
            await AssertFailsCleanly(Arguments(command, run, dataset), Path.GetFileName(target));
            File.WriteAllBytes(target, original);
        }
    }

    /// <summary>The dataset's manifest and its Parquet files, each damaged in turn.</summary>
    [Theory, MemberData(nameof(DatasetCases))]
    public async Task A_damaged_dataset_file_ends_in_a_sentence(string command, Damage damage)
    {
        string run = CopyRun(out string dataset);
        string[] targets = command == "parquet"
            ? [Path.Combine(dataset, "users.parquet")]
            : [Path.Combine(dataset, "manifest.json")];
        foreach (string target in targets)
        {
            Apply(target, damage);
            await AssertFailsCleanly(Arguments(command, run, dataset), Path.GetFileName(target));
        }
    }

    /// <summary>The text inputs: prepare's TSV and fold-in's plays file.</summary>
    [Theory, MemberData(nameof(TextInputCases))]
    public async Task A_damaged_text_input_ends_in_a_sentence(string command, Damage damage)
    {
        string run = CopyRun(out string dataset);
        string input = Path.Combine(Path.GetDirectoryName(run)!, "input.tsv");
        File.WriteAllText(input, command == "prepare"
            ? File.ReadAllText(Path.Combine(Path.GetDirectoryName(tiny.Dataset)!, "plays.tsv"))
            : $"{TinyModel.Name(2)}\t3\n{TinyModel.Name(5)}\t7\n");
        Apply(input, damage, text: true);
        await AssertFailsCleanly(Arguments(command, run, dataset, input), "input.tsv");
    }

    /// <summary>Misuse of the commands that take no input file: impossible values and unusable output paths.</summary>
    [Theory]
    [InlineData("synth", "--out", "{file}/x.tsv")]
    [InlineData("synth", "--out", "{folder}")]
    [InlineData("synth", "--inject-faults", "99999999999999999999", "--out", "{folder}/x.tsv")]
    [InlineData("synth", "--preset", "huge", "--out", "{folder}/x.tsv")]
    [InlineData("bench", "--factors", "abc")]
    [InlineData("bench", "--data", "{file}")]
    [InlineData("train", "--data", "{folder}", "--out", "{folder}/run")]
    [InlineData("prepare", "--input", "{folder}", "--out", "{folder}/out")]
    [InlineData("tune", "--data", "{file}", "--out", "{folder}/t")]
    [InlineData("parquet", "cat", "{folder}")]
    [InlineData("evaluate", "--model", "{file}")]
    public async Task Misuse_ends_in_a_sentence(params string[] arguments)
    {
        string folder = tiny.NewFolder(), file = Path.Combine(folder, "plain-file");
        File.WriteAllText(file, "x");
        await AssertFailsCleanly([.. arguments.Select(a => a.Replace("{file}", file, StringComparison.Ordinal).Replace("{folder}", folder, StringComparison.Ordinal))], "misuse");
    }

    [Theory]
    [InlineData("parquet", "cat", "{folder}")]
    [InlineData("prepare", "--input", "{folder}", "--out", "{folder}/out")]
    public async Task A_folder_where_a_file_belongs_is_named_as_a_folder(params string[] arguments)
    {
        string folder = tiny.NewFolder();
        (int code, _, string error) = await CliRunner.RunAsync([.. arguments.Select(a => a.Replace("{folder}", folder, StringComparison.Ordinal))]);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("is a folder", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_option_value_is_a_plain_sentence_naming_the_option()
    {
        (int code, _, string error) = await CliRunner.RunAsync("train", "--data", "x", "--factors", "abc");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--factors expects an integer, got 'abc'.", error, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("bench", "--solver", "lu");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Equal("als: --solver must be one of cg, cholesky; got 'lu'.", error.Trim());

        (code, _, error) = await CliRunner.RunAsync("bench", "--solver", "CHOLESKY", "--factors", "-1");   // choices ignore case
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.DoesNotContain("--solver", error, StringComparison.Ordinal);
        Assert.Contains("--factors", error, StringComparison.Ordinal);
    }

    private static async Task AssertFailsCleanly(string[] arguments, string target)
    {
        string line = string.Join(' ', arguments);
        (int code, string output, string error) = await CliRunner.RunAsync(arguments).WaitAsync(TimeBound);
        Assert.True(code != ExitCodes.Success, $"{target}: `als {line}` succeeded.\n{output}");
        Assert.DoesNotMatch(StackFrame(), error);
        Assert.DoesNotContain("Exception", error, StringComparison.Ordinal);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length is >= 1 and <= 2, $"{target}: `als {line}` wrote {lines.Length} lines on standard error:\n{error}");
    }

    [GeneratedRegex(@"^\s+at ", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    private static string[] Arguments(string command, string run, string dataset, string? input = null)
    {
        string folder = Path.GetDirectoryName(run)!, output = Path.Combine(folder, "out");
        string plays = input ?? Path.Combine(folder, "plays.tsv");
        if (input is null) File.WriteAllText(plays, $"{TinyModel.Name(2)}\t3\n{TinyModel.Name(5)}\t7\n");
        string artist = TinyModel.Name(2);
        return command switch
        {
            "evaluate" => ["evaluate", "--model", run, "--data", dataset, "--eval-users", "10"],
            "recommend" => ["recommend", "--model", run, "--data", dataset, "--user", "0"],
            "similar" => ["similar", "--model", run, "--artist", artist],
            "explain" => ["explain", "--model", run, "--data", dataset, "--user", "0", "--artist", artist],
            "fold-in" => ["fold-in", "--model", run, "--plays", plays],
            "export" => ["export", "--model", run, "--data", dataset, "--out", output],
            "report" => ["report", "--model", run, "--data", dataset, "--out", Path.Combine(folder, "r.html"), "--eval-users", "10"],
            "tune" => ["tune", "--data", dataset, "--trials", "1", "--out", output, "--eval-users", "10", "--threads", "1"],
            "bench" => ["bench", "--data", dataset, "--iterations", "1", "--factors", "4"],
            "train" => ["train", "--data", dataset, "--out", output, "--iterations", "1", "--factors", "4", "--workers", "1", "--stall-timeout", "20"],
            "parquet" => ["parquet", "cat", Path.Combine(dataset, "users.parquet")],
            "serve" => ["serve", "--model", run, "--data", dataset, "--port", "0"],   // must fail while loading, before it listens
            "prepare" => ["prepare", "--input", plays, "--out", output],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
    }

    private string CopyRun(out string dataset)
    {
        (string run, string copy) = tiny.Copy();
        dataset = copy;
        return run;
    }

    /// <summary>Damages <paramref name="path"/> in place: JSON and text files get text damage, the others byte damage.</summary>
    private static void Apply(string path, Damage damage, bool text = false)
    {
        byte[] bytes = File.ReadAllBytes(path);
        bool json = path.EndsWith(".json", StringComparison.Ordinal) || path.EndsWith(".jsonl", StringComparison.Ordinal);
        byte[] damaged = damage switch
        {
            Damage.Empty => [],
            Damage.Truncated when text => bytes[..MiddleOfLastLine(bytes)],
            Damage.Truncated => bytes[..(bytes.Length / 2)],
            Damage.Garbage => Garbage(bytes.Length),
            Damage.WrongType when json => Encoding.UTF8.GetBytes("[1, \"two\", null]\n"),
            Damage.WrongType when text => Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(bytes), @"\t(\d+)\n", "\tmany\n")),
            Damage.WrongType => Encoding.UTF8.GetBytes("{\"not\": \"this format\"}\n"),
            Damage.MissingField when json => Encoding.UTF8.GetBytes("{}\n"),
            Damage.MissingField when text => Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(bytes), @"\t\d+\n", "\n")),
            Damage.MissingField => bytes[..Math.Min(bytes.Length, 8)],
            Damage.Huge when json || text => Encoding.UTF8.GetBytes(Regex.Replace(Encoding.UTF8.GetString(bytes), @"\d+", "99999999999999999999999")),
            Damage.Huge => HugeLengths(bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(damage)),
        };
        File.WriteAllBytes(path, damaged);
    }

    /// <summary>A text file cut in the middle of its last line, as a copy that ran out of space leaves it.</summary>
    private static int MiddleOfLastLine(byte[] bytes)
    {
        int start = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(0, bytes.Length - 2)) + 1;
        return start + (bytes.Length - start) / 2;
    }

    private static byte[] Garbage(int length)
    {
        var bytes = new byte[Math.Max(length, 64)];
        new Random(17).NextBytes(bytes);
        return bytes;
    }

    /// <summary>The header's and the footer's length fields set to 0xFF…: a file that claims far more than it holds.</summary>
    private static byte[] HugeLengths(byte[] bytes)
    {
        byte[] damaged = [.. bytes];
        for (int at = 4; at < Math.Min(16, damaged.Length); at++) damaged[at] = 0xFF;
        for (int at = Math.Max(0, damaged.Length - 8); at < damaged.Length - 4; at++) damaged[at] = 0xFF;
        return damaged;
    }
}
