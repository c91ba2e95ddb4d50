using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Data.Files;

namespace Data.Tests.Files;

/// <summary>
/// Every file of the vendored corpus through <see cref="ParquetTable"/> (Parquet.Net) against the facts DuckDB computed
/// (expected.json): valid files, and those in codecs our old reader refused, read with the same rows, columns, null
/// counts, sums and checksums; nested and corrupt ones rejected with a ParquetFileException naming the file (and
/// nothing else), each within 10 s.
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

    /// <summary>Valid files, and those our old reader refused for their codec: Parquet.Net reads ZSTD, LZ4_RAW and BROTLI.</summary>
    public static TheoryData<string> ValidFiles
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (JsonElement file in Corpus.Files)
            {
                string name = file.GetProperty("name").GetString()!, kind = file.GetProperty("case").GetString()!;
                if (!LibraryGaps.ContainsKey(name) && HasFacts(file) && (kind == "expect_ok" || (kind == "expect_error_unsupported" && !Nested(file)))) data.Add(name);
            }
            return data;
        }
    }

    /// <summary>Nested schemas: refused, naming the column.</summary>
    public static TheoryData<string> UnsupportedFiles
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (JsonElement file in Corpus.Files)
                if (Nested(file)) data.Add(file.GetProperty("name").GetString()!);
            return data;
        }
    }

    private static bool Nested(JsonElement file) => file.GetProperty("case").GetString() == "expect_error_unsupported"
        && !file.GetProperty("unsupported").GetString()!.StartsWith("codec ", StringComparison.Ordinal);

    /// <summary>
    /// Valid files Parquet.Net 6.1.0 cannot read, with what it says. Each must still be refused with a
    /// ParquetFileException naming the file, quickly: never wrong data, a crash or a hang. A library upgrade that reads
    /// one makes its test fail, so it moves to <see cref="ValidFiles"/>.
    /// </summary>
    private static readonly Dictionary<string, string> LibraryGaps = new()
    {
        ["dict-page-offset-zero.parquet"] = "Thrift",                                   // its footer parser stops early
        ["floating_orders_nan_count.parquet"] = "Half",                                 // FLOAT16 columns
        ["byte_stream_split_extended.gzip.parquet"] = "Half",
        ["rle_boolean_encoding.parquet"] = "unsupported compression method",           // this writer's GZIP pages
        ["datapage_v2_empty_datapage.snappy.parquet"] = "Snappy",                       // an empty v2 data page
        ["hadoop_lz4_compressed.parquet"] = "column 'c1'",                              // legacy Hadoop LZ4 framing (DuckDB refuses it too)
    };

    public static TheoryData<string> GapFiles => [.. LibraryGaps.Keys];

    /// <summary>DuckDB could not read the file (legacy Hadoop LZ4 framing), so expected.json has no value facts for it.</summary>
    private static bool HasFacts(JsonElement file) => file.GetProperty("case").GetString() == "expect_error"
        || (file.TryGetProperty("columns", out JsonElement columns) && columns.EnumerateArray().All(column => column.TryGetProperty("md5_tokens", out _)));

    [Theory, MemberData(nameof(GapFiles))]
    public async Task Valid_files_the_library_cannot_read_are_refused_clearly(string name)
    {
        ParquetFileException error = await RejectedWithinLimit(Corpus.File(name));
        Assert.Contains(name, error.Message);
        Assert.Contains(LibraryGaps[name], error.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string> CorruptFiles => Files("expect_error");

    [Fact]
    public void The_corpus_is_present_and_complete()
    {
        JsonElement[] files = [.. Corpus.Files];
        Assert.Equal(41, files.Length);
        Assert.All(files, file => Assert.True(File.Exists(Corpus.PathOf(file)), Corpus.PathOf(file)));
        Assert.Equal(27, files.Count(file => file.GetProperty("case").GetString() == "expect_ok"));
        Assert.Equal(7, files.Count(file => file.GetProperty("case").GetString() == "expect_error_unsupported"));
        Assert.Equal(7, CorruptFiles.Count);
        Assert.Equal(2, UnsupportedFiles.Count);
        Assert.Equal(27 + 5 - LibraryGaps.Count, ValidFiles.Count);               // + 5 codec files our old reader refused
        Assert.All(files.Where(file => !HasFacts(file)), file => Assert.True(LibraryGaps.ContainsKey(file.GetProperty("name").GetString()!)));
    }

    [Theory, MemberData(nameof(ValidFiles))]
    public async Task Valid_files_reproduce_every_fact(string name)
    {
        JsonElement expected = Corpus.File(name);
        await WithinLimit(() =>
        {
            using ParquetTable reader = ParquetTable.Open(Corpus.PathOf(expected));
            Assert.Equal(expected.GetProperty("num_rows").GetInt64(), reader.RowCount);
            Assert.Equal(expected.GetProperty("num_row_groups").GetInt32(), reader.RowGroupCount);
            Assert.Equal(expected.GetProperty("row_group_num_rows").EnumerateArray().Select(e => e.GetInt64()), Enumerable.Range(0, reader.RowGroupCount).Select(g => (long)reader.RowGroupRows(g)));
            JsonElement[] columns = [.. expected.GetProperty("columns").EnumerateArray()];
            Assert.Equal(columns.Select(c => c.GetProperty("name").GetString()), reader.Columns.Select(c => c.Name));

            var tokens = new List<string[]>();
            foreach (JsonElement column in columns)
            {
                string columnName = column.GetProperty("name").GetString()!;
                ParquetColumnValues data = reader.ReadAll(reader.Column(columnName));
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
        ParquetFileException error = await RejectedWithinLimit(expected);
        Assert.IsType<ParquetUnsupportedException>(error);
        Assert.Contains(name, error.Message);
        Assert.Contains("nested", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrEmpty(feature));
    }

    [Theory, MemberData(nameof(CorruptFiles))]
    public async Task Corrupt_files_are_rejected_with_a_located_error(string name)
    {
        ParquetFileException error = await RejectedWithinLimit(Corpus.File(name));
        Assert.Contains(name, error.Message);
    }

    /// <summary>Opens the file and reads every column; it must throw a ParquetFileException, and only that, within the limit.</summary>
    private static async Task<ParquetFileException> RejectedWithinLimit(JsonElement file)
    {
        Exception? thrown = null;
        await WithinLimit(() =>
        {
            try
            {
                using ParquetTable reader = ParquetTable.Open(Corpus.PathOf(file));
                foreach (ParquetTableColumn column in reader.Columns) reader.ReadAll(column);
            }
            catch (Exception error)
            {
                thrown = error;
            }
        });
        Assert.NotNull(thrown);
        return Assert.IsAssignableFrom<ParquetFileException>(thrown);
    }

    private static async Task WithinLimit(Action action)
    {
        Task work = Task.Run(action);
        Task finished = await Task.WhenAny(work, Task.Delay(Limit));
        Assert.True(finished == work, $"not done within {Limit.TotalSeconds} s");
        await work;
    }

    private static void CheckFacts(string file, JsonElement column, ParquetColumnValues data, string kind, string[] tokens)
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
                Assert.Equal(column.GetProperty("true_count").GetInt64(), rows.Count(row => (bool)data[row]!));
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
                Assert.Equal(column.GetProperty("sum_utf8_bytes").GetInt64(), rows.Sum(row => (long)Encoding.UTF8.GetByteCount((string)data[row]!)));
                break;
            case "bytes":
                Assert.Equal(column.GetProperty("sum_bytes").GetInt64(), rows.Sum(row => (long)((byte[])data[row]!).Length));
                break;
        }
    }
}
