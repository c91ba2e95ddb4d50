using System.Text;
using System.Text.Json;
using Data.Files;
using Parquet.Schema;

namespace Cli.Tests;

/// <summary><c>als parquet schema|cat</c> on a file whose values we chose, including the ones CSV quoting exists for.</summary>
public sealed class ParquetCommandTests
{
    private static readonly string?[] Names = ["plain", "comma, inside", "quote \" inside", "line\nbreak", null, "Björk 東京"];

    private static readonly double[] Scores = [1.0 / 3, 0.1, -0.0, 1e300, double.NaN, 2];

    private static readonly float[] Ratios = [0.1f, 1f / 3, float.Epsilon, 1f, float.PositiveInfinity, float.NegativeInfinity];

    /// <summary>Six rows in two row groups (4 + 2), written through the data layer's Parquet.Net writer.</summary>
    private static string WriteSample(TemporaryDirectory folder)
    {
        string path = folder.File("sample.parquet");
        DataField[] fields = [new DataField<int>("id", false), new DataField<string>("name", true), new DataField<double>("score", false), new DataField<float>("ratio", false)];
        using var writer = ParquetTableWriter.Create(path, fields);
        writer.WriteRowGroup(new[] { 0, 1, 2, 3 }, Names[..4], Scores[..4], Ratios[..4]);
        writer.WriteRowGroup(new[] { 4, 5 }, Names[4..], Scores[4..], Ratios[4..]);
        return path;
    }

    [Fact]
    public async Task Cat_prints_RFC_4180_csv_with_shortest_round_trip_numbers()
    {
        using var folder = new TemporaryDirectory();
        (int exitCode, string output, string error) = await CliRunner.RunAsync("parquet", "cat", WriteSample(folder));
        Assert.True(exitCode == 0, error);
        List<string[]> rows = ParseCsv(output);
        Assert.Equal(["id", "name", "score", "ratio"], rows[0]);
        Assert.Equal(7, rows.Count);
        for (int i = 0; i < 6; i++) Assert.Equal(Names[i] ?? "", rows[i + 1][1]);
        Assert.Equal("0.3333333333333333", rows[1][2]);
        Assert.Equal("0.1", rows[2][2]);
        Assert.Equal("-0", rows[3][2]);
        Assert.Equal("1E+300", rows[4][2]);
        Assert.Equal("NaN", rows[5][2]);
        Assert.Equal("0.1", rows[1][3]);                                     // float32 printed in its own shortest form
        Assert.Equal("0.33333334", rows[2][3]);
        Assert.Equal(1.0 / 3, double.Parse(rows[1][2], System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Cat_prints_json_lines_with_nulls_projection_and_limit()
    {
        using var folder = new TemporaryDirectory();
        (int exitCode, string output, _) = await CliRunner.RunAsync("parquet", "cat", WriteSample(folder), "--format", "jsonl", "--columns", "name,id", "--limit", "5");
        Assert.Equal(0, exitCode);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        for (int i = 0; i < 5; i++)
        {
            using JsonDocument line = JsonDocument.Parse(lines[i]);
            Assert.Equal(["name", "id"], line.RootElement.EnumerateObject().Select(p => p.Name));
            Assert.Equal(i, line.RootElement.GetProperty("id").GetInt32());
            Assert.Equal(Names[i], line.RootElement.GetProperty("name").ValueKind == JsonValueKind.Null ? null : line.RootElement.GetProperty("name").GetString());
        }
    }

    [Fact]
    public async Task Cat_json_lines_keep_floats_floats_and_non_finite_values_strings()
    {
        using var folder = new TemporaryDirectory();
        (int exitCode, string output, string error) = await CliRunner.RunAsync("parquet", "cat", WriteSample(folder), "--format", "jsonl", "--columns", "score,ratio");
        Assert.True(exitCode == 0, error);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("{\"score\":0.3333333333333333,\"ratio\":0.1}", lines[0]);
        Assert.Equal("{\"score\":0.1,\"ratio\":0.33333334}", lines[1]);
        Assert.Equal("{\"score\":-0.0,\"ratio\":1.0E-45}", lines[2]);
        Assert.Equal("{\"score\":1.0E+300,\"ratio\":1.0}", lines[3]);
        Assert.Equal("{\"score\":\"NaN\",\"ratio\":\"Infinity\"}", lines[4]);
        Assert.Equal("{\"score\":2.0,\"ratio\":\"-Infinity\"}", lines[5]);
        for (int row = 0; row < 4; row++)                                  // a JSON reader gets the same numbers back
        {
            using JsonDocument line = JsonDocument.Parse(lines[row]);
            Assert.Equal(Scores[row], line.RootElement.GetProperty("score").GetDouble());
            Assert.Equal(Ratios[row], line.RootElement.GetProperty("ratio").GetSingle());
        }
    }

    [Fact]
    public async Task Schema_lists_columns_row_groups_codecs_and_statistics()
    {
        using var folder = new TemporaryDirectory();
        (int exitCode, string output, _) = await CliRunner.RunAsync("parquet", "schema", WriteSample(folder));
        Assert.Equal(0, exitCode);
        Assert.Contains("6 rows in 2 row groups", output);
        Assert.Contains("name: BYTE_ARRAY OPTIONAL (STRING)", output);
        Assert.Contains("id: SNAPPY, ", output);
        Assert.Contains("min 0, max 3", output);
        Assert.Contains("nulls 1", output);
    }

    [Fact]
    public async Task Bad_files_and_columns_give_one_clear_line_and_an_exit_code()
    {
        using var folder = new TemporaryDirectory();
        (int missing, _, string missingError) = await CliRunner.RunAsync("parquet", "schema", folder.File("none.parquet"));
        Assert.Equal(ExitCodes.UsageError, missing);
        Assert.Contains("does not exist", missingError);

        await File.WriteAllTextAsync(folder.File("text.parquet"), "not parquet at all");
        (int corrupt, _, string corruptError) = await CliRunner.RunAsync("parquet", "cat", folder.File("text.parquet"));
        Assert.Equal(ExitCodes.Failure, corrupt);
        Assert.Contains("text.parquet", corruptError);

        (int column, _, string columnError) = await CliRunner.RunAsync("parquet", "cat", WriteSample(folder), "--columns", "nope");
        Assert.Equal(ExitCodes.UsageError, column);
        Assert.Contains("no column 'nope'", columnError);
    }

    /// <summary>A small RFC 4180 reader (the test's own, not the code under test).</summary>
    private static List<string[]> ParseCsv(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c == '\n') { row.Add(field.ToString()); field.Clear(); rows.Add([.. row]); row.Clear(); }
            else if (c != '\r') field.Append(c);
        }
        return rows;
    }
}
