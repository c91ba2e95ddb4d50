using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Parquet.Reading;

namespace Parquet.Tests.Conformance;

/// <summary>
/// Every file of the shared corpus against the facts DuckDB computed (expected.json): valid files read with the
/// same rows, columns, null counts, sums and checksums; invalid and unsupported ones rejected with a
/// ParquetException (and nothing else), each within 10 s.
/// </summary>
public sealed class ConformanceTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    public static TheoryData<string> Files(string kind)
    {
        var data = new TheoryData<string>();
        foreach (JsonElement file in Corpus.Files)
            if (file.GetProperty("case").GetString() == kind) data.Add(file.GetProperty("name").GetString()!);
        return data;
    }

    public static TheoryData<string> ValidFiles => Files("expect_ok");

    public static TheoryData<string> UnsupportedFiles => Files("expect_error_unsupported");

    public static TheoryData<string> CorruptFiles => Files("expect_error");

    [Fact]
    public void The_corpus_is_present_and_complete()
    {
        JsonElement[] files = [.. Corpus.Files];
        Assert.Equal(41, files.Length);
        Assert.All(files, file => Assert.True(File.Exists(Corpus.PathOf(file)), Corpus.PathOf(file)));
        Assert.Equal(27, ValidFiles.Count);
        Assert.Equal(7, UnsupportedFiles.Count);
        Assert.Equal(7, CorruptFiles.Count);
    }

    [Theory, MemberData(nameof(ValidFiles))]
    public async Task Valid_files_reproduce_every_fact(string name)
    {
        JsonElement expected = Corpus.File(name);
        await WithinLimit(() =>
        {
            using ParquetFileReader reader = ParquetFileReader.Open(Corpus.PathOf(expected));
            Assert.Equal(expected.GetProperty("num_rows").GetInt64(), reader.RowCount);
            Assert.Equal(expected.GetProperty("num_row_groups").GetInt32(), reader.RowGroups.Count);
            Assert.Equal(expected.GetProperty("row_group_num_rows").EnumerateArray().Select(e => e.GetInt64()), reader.RowGroups.Select(g => g.RowCount));
            JsonElement[] columns = [.. expected.GetProperty("columns").EnumerateArray()];
            Assert.Equal(columns.Select(c => c.GetProperty("name").GetString()), reader.Schema.Columns.Select(c => c.Name));

            var tokens = new List<string[]>();
            foreach (JsonElement column in columns)
            {
                string columnName = column.GetProperty("name").GetString()!;
                ColumnData data = reader.ReadColumn(columnName);
                string kind = column.GetProperty("token_kind").GetString()!;
                string[] columnTokens = [.. Enumerable.Range(0, data.Count).Select(row => ValueTokens.Token(data, row, kind))];
                tokens.Add(columnTokens);
                CheckFacts(name, column, data, kind, columnTokens);
            }
            JsonElement firstRows = expected.GetProperty("first_rows_tokens");
            int row = 0;
            foreach (JsonElement expectedRow in firstRows.EnumerateArray())
            {
                int c = 0;
                foreach (JsonElement token in expectedRow.EnumerateArray())
                {
                    string actual = tokens[c][row];
                    if (token.ValueKind == JsonValueKind.Object)     // long tokens are given as md5 + length
                        Assert.Equal(token.GetProperty("md5").GetString(), ValueTokens.Md5([actual]));
                    else
                        Assert.True(token.GetString() == actual, $"{name}: row {row}, column {columns[c].GetProperty("name")}: expected {token}, got {actual}");
                    c++;
                }
                row++;
            }
        });
    }

    [Theory, MemberData(nameof(UnsupportedFiles))]
    public async Task Unsupported_files_are_rejected_naming_the_feature(string name)
    {
        JsonElement expected = Corpus.File(name);
        string feature = expected.GetProperty("unsupported").GetString()!;
        ParquetException error = await RejectedWithinLimit(expected);
        Assert.IsType<ParquetNotSupportedException>(error);
        Assert.Contains(name, error.Message);
        string named = feature.StartsWith("codec ", StringComparison.Ordinal) ? feature.Split(' ')[1] : "nested";   // "codec LZ4 (…)" → LZ4
        Assert.Contains(named, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory, MemberData(nameof(CorruptFiles))]
    public async Task Corrupt_files_are_rejected_with_a_located_error(string name)
    {
        ParquetException error = await RejectedWithinLimit(Corpus.File(name));
        Assert.Contains(name, error.Message);
    }

    /// <summary>Opens the file and reads every column; it must throw a ParquetException, and only that, within the limit.</summary>
    private static async Task<ParquetException> RejectedWithinLimit(JsonElement file)
    {
        Exception? thrown = null;
        await WithinLimit(() =>
        {
            try
            {
                using ParquetFileReader reader = ParquetFileReader.Open(Corpus.PathOf(file));
                for (int column = 0; column < reader.Schema.Columns.Count; column++) reader.ReadColumn(column);
            }
            catch (Exception error)
            {
                thrown = error;
            }
        });
        Assert.NotNull(thrown);
        return Assert.IsAssignableFrom<ParquetException>(thrown);
    }

    private static async Task WithinLimit(Action action)
    {
        Task work = Task.Run(action);
        Task finished = await Task.WhenAny(work, Task.Delay(Limit));
        Assert.True(finished == work, $"not done within {Limit.TotalSeconds} s");
        await work;
    }

    private static void CheckFacts(string file, JsonElement column, ColumnData data, string kind, string[] tokens)
    {
        string where = $"{file}, column {column.GetProperty("name")}";
        Assert.True(column.GetProperty("md5_tokens").GetString() == ValueTokens.Md5(tokens), $"{where}: md5 of tokens differs");
        Assert.True(column.GetProperty("null_count").GetInt64() == data.NullCount, $"{where}: null count {data.NullCount}");
        Assert.Equal(column.GetProperty("non_null_count").GetInt64(), data.Count - data.NullCount);
        int[] rows = [.. Enumerable.Range(0, data.Count).Where(row => !data.IsNull(row))];
        switch (kind)
        {
            case "int" or "decimal_unscaled":
                if (rows.Length == 0) break;
                BigInteger[] values = [.. rows.Select(row => ValueTokens.Integer(data, row))];
                Assert.Equal(column.GetProperty("sum").GetString(), values.Aggregate(BigInteger.Zero, BigInteger.Add).ToString(CultureInfo.InvariantCulture));
                Assert.Equal(column.GetProperty("min").GetString(), values.Min().ToString(CultureInfo.InvariantCulture));
                Assert.Equal(column.GetProperty("max").GetString(), values.Max().ToString(CultureInfo.InvariantCulture));
                break;
            case "bool":
                Assert.Equal(column.GetProperty("true_count").GetInt64(), rows.Count(row => data.BooleanValues![row]));
                break;
            case "float32" or "float64":
            {
                double[] values2 = [.. rows.Select(row => ValueTokens.FloatValue(data, row))];
                Assert.Equal(column.GetProperty("nan_count").GetInt64(), values2.Count(double.IsNaN));
                double sum = 0;
                foreach (double value in values2) if (double.IsFinite(value)) sum += value;
                if (column.GetProperty("sum_finite").ValueKind == JsonValueKind.String)
                {
                    double expectedSum = double.Parse(column.GetProperty("sum_finite").GetString()!, CultureInfo.InvariantCulture);
                    Assert.Equal(expectedSum, sum, Math.Abs(expectedSum) * 1e-12 + 1e-12);
                }
                break;
            }
            case "string":
                Assert.Equal(column.GetProperty("sum_utf8_bytes").GetInt64(), rows.Sum(row => (long)Encoding.UTF8.GetByteCount(Encoding.UTF8.GetString(data.BinaryValues![row]!))));
                break;
            case "bytes":
                Assert.Equal(column.GetProperty("sum_bytes").GetInt64(), rows.Sum(row => (long)data.BinaryValues![row]!.Length));
                break;
        }
    }
}
