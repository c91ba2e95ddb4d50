using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;
using Parquet.Tests.Writing;
using Parquet.Writing;

namespace Parquet.Tests.Oracle;

/// <summary>DuckDB (DuckDB.NET, in process) as the independent engine: it reads what we write, and we read what it writes.</summary>
public sealed class DuckDbInteropTests
{
    private const int Rows = 5_000;

    [Fact]
    public void DuckDB_reads_our_files_exactly_for_every_type_codec_and_encoding()
    {
        using var folder = new TemporaryDirectory();
        var random = new Random(2026);
        ParquetColumn[] schema =
        [
            ParquetColumn.Int32("id"), ParquetColumn.Int32("i32", true), ParquetColumn.Int64("i64", true), ParquetColumn.Float("f32", true),
            ParquetColumn.Double("f64", true), ParquetColumn.Boolean("flag", true), ParquetColumn.String("text", true),
            ParquetColumn.Binary("blob", true), ParquetColumn.Date("day", true), ParquetColumn.TimestampMicros("at", true),
            ParquetColumn.Decimal64("amount", 12, 3, true),
        ];
        ColumnData[] columns = [.. schema.Select((column, c) => c == 0
            ? ColumnData.FromInt32(column, [.. Enumerable.Range(0, Rows)])
            : Finite(TestColumns.Random(column, Rows, 0.1, random)))];
        var files = new List<(string Path, CompressionCodec Codec, bool Dictionary)>();
        foreach (CompressionCodec codec in new[] { CompressionCodec.Uncompressed, CompressionCodec.Snappy, CompressionCodec.Gzip })
            foreach (bool dictionary in new[] { true, false })
            {
                string path = folder.File($"ours-{codec}-{dictionary}.parquet");
                using (var writer = ParquetFileWriter.Create(path, new ParquetSchema(schema),
                           new ParquetWriterOptions { Codec = codec, Dictionary = dictionary, RowGroupSize = 1_700, PageSize = 4_096, DeltaColumns = new HashSet<string> { "i64" } }))
                    writer.Write(columns);
                files.Add((path, codec, dictionary));
            }

        string select = "SELECT id, i32, i64::VARCHAR AS i64, f32, f64, flag, text, hex(blob) AS blob, day::VARCHAR AS day, " +
                        "epoch_us(\"at\")::VARCHAR AS at, amount::VARCHAR AS amount FROM read_parquet({0}) ORDER BY id";
        foreach ((string path, CompressionCodec codec, bool dictionary) in files)
        {
            JsonElement rows = DuckDb.Query(string.Format(CultureInfo.InvariantCulture, select, DuckDb.Literal(path)));
            Assert.Equal(Rows, rows.GetArrayLength());
            int row = 0;
            foreach (JsonElement actual in rows.EnumerateArray())
            {
                string context = $"{Path.GetFileName(path)} row {row}";
                for (int c = 0; c < schema.Length; c++)
                    Assert.True(Expected(columns[c], row) == Render(actual.GetProperty(schema[c].Name)), $"{context}, {schema[c].Name}: DuckDB read {actual.GetProperty(schema[c].Name)}, we wrote {Expected(columns[c], row)}");
                row++;
            }
            JsonElement metadata = DuckDb.Query($"SELECT DISTINCT compression, path_in_schema, encodings FROM parquet_metadata({DuckDb.Literal(path)})");
            Assert.All(metadata.EnumerateArray(), chunk => Assert.Equal(Parquet.Compression.PageCompression.Name(codec), chunk.GetProperty("compression").GetString()));
            bool textDictionary = metadata.EnumerateArray().Any(chunk => chunk.GetProperty("path_in_schema").GetString() == "text"
                && chunk.GetProperty("encodings").GetString()!.Contains("RLE_DICTIONARY", StringComparison.Ordinal));
            Assert.Equal(dictionary, textDictionary);
            Assert.Equal("3", DuckDb.Scalar($"SELECT count(DISTINCT row_group_id) FROM parquet_metadata({DuckDb.Literal(path)})"));
        }
        // DuckDB's own reading of our statistics: min/max of id per row group match the values.
        JsonElement statistics = DuckDb.Query($"SELECT row_group_id, stats_min_value, stats_max_value, stats_null_count FROM parquet_metadata({DuckDb.Literal(files[0].Path)}) WHERE path_in_schema = 'id' ORDER BY row_group_id");
        Assert.Equal(["0", "1700", "3400"], statistics.EnumerateArray().Select(g => g.GetProperty("stats_min_value").GetString()));
        Assert.Equal(["1699", "3399", "4999"], statistics.EnumerateArray().Select(g => g.GetProperty("stats_max_value").GetString()));
    }

    [Fact]
    public void We_read_DuckDB_files_exactly_for_varied_writer_options()
    {
        using var folder = new TemporaryDirectory();
        const int rows = 250_000;
        string data = "SELECT i AS id, CASE WHEN i % 11 = 0 THEN NULL ELSE ((i * 7919) % 100003)::INTEGER END AS n, " +
                      "(i::DOUBLE / 7)::FLOAT AS f, i::DOUBLE * 1.25 - 3 AS d, 'k' || (i % 37) AS s, md5(i::VARCHAR) AS u, " +
                      "i % 3 = 0 AS b, DATE '2000-01-01' + (i % 5000)::INTEGER AS dt, " +
                      "TIMESTAMP '2020-01-01' + to_microseconds(i * 1000003) AS ts, CAST(i % 100000 AS DECIMAL(9,2)) AS dec, " +
                      $"encode('b' || i) AS bl FROM range({rows}) t(i)";
        (string Name, string Options)[] variants =
        [
            ("snappy-v1", "COMPRESSION 'snappy'"),
            ("gzip-small-groups", "COMPRESSION 'gzip', ROW_GROUP_SIZE 100000"),
            ("uncompressed-no-dictionary", "COMPRESSION 'uncompressed', DICTIONARY_COMPRESSION_RATIO_THRESHOLD -1"),
            ("snappy-v2", "COMPRESSION 'snappy', PARQUET_VERSION 'V2'"),
            ("gzip-v2-groups", "COMPRESSION 'gzip', PARQUET_VERSION 'V2', ROW_GROUP_SIZE 60000"),
        ];
        DuckDb.Query(string.Join(";\n", variants.Select(v =>
            $"COPY ({data}) TO {DuckDb.Literal(folder.File(v.Name + ".parquet"))} (FORMAT parquet, {v.Options})")) + ";\nSELECT 1 AS done");

        int[] rowGroupCounts = new int[variants.Length];
        for (int v = 0; v < variants.Length; v++)
        {
            using ParquetFileReader reader = ParquetFileReader.Open(folder.File(variants[v].Name + ".parquet"));
            string context = variants[v].Name;
            rowGroupCounts[v] = reader.RowGroups.Count;
            Assert.Equal(rows, reader.RowCount);
            long[] id = reader.ReadInt64("id");
            ColumnData n = reader.ReadColumn("n"), dec = reader.ReadColumn("dec");
            float[] f = reader.ReadFloat("f");
            double[] d = reader.ReadDouble("d");
            string?[] s = reader.ReadStrings("s"), u = reader.ReadStrings("u");
            ColumnData b = reader.ReadColumn("b"), dt = reader.ReadColumn("dt"), ts = reader.ReadColumn("ts"), bl = reader.ReadColumn("bl");
            for (int i = 0; i < rows; i++)
            {
                Assert.Equal(i, id[i]);
                Assert.True(n.IsNull(i) == (i % 11 == 0), $"{context}: n null at {i}");
                if (i % 11 != 0) Assert.True((int)((long)i * 7919 % 100003) == n.Int32Values![i], $"{context}: n at {i}");
                Assert.True((float)((double)i / 7) == f[i], $"{context}: f at {i}");
                Assert.True(i * 1.25 - 3 == d[i], $"{context}: d at {i}");
                Assert.True("k" + (i % 37) == s[i], $"{context}: s at {i}");
                Assert.True(b.BooleanValues![i] == (i % 3 == 0), $"{context}: b at {i}");
                Assert.True(10_957 + i % 5000 == dt.Int32Values![i], $"{context}: dt at {i}");
                Assert.True(1_577_836_800_000_000L + (long)i * 1_000_003 == ts.Int64Values![i], $"{context}: ts at {i}");
                Assert.True(Unscaled(dec, i) == (long)(i % 100000) * 100, $"{context}: dec at {i}");
                Assert.True(bl.BinaryValues![i].AsSpan().SequenceEqual(Encoding.UTF8.GetBytes("b" + i)), $"{context}: bl at {i}");
            }
            for (int i = 0; i < rows; i += 997) Assert.Equal(Md5Hex(i), u[i]);
        }
        Assert.True(rowGroupCounts[1] >= 3 && rowGroupCounts[4] >= 4, $"row groups per variant: {string.Join(", ", rowGroupCounts)}");
    }

    private static long Unscaled(ColumnData decimals, int row) => decimals.Column.PhysicalType switch
    {
        PhysicalType.Int32 => decimals.Int32Values![row],
        PhysicalType.Int64 => decimals.Int64Values![row],
        _ => (long)new System.Numerics.BigInteger(decimals.BinaryValues![row], isBigEndian: true),
    };

    private static string Md5Hex(int value)
    {
#pragma warning disable CA5351 // DuckDB's md5() is the value under test, not a security measure.
        return Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(value.ToString(CultureInfo.InvariantCulture))));
#pragma warning restore CA5351
    }

    /// <summary>JSON carries neither NaN, ±Inf nor −0 (JSON.stringify(-0) is "0"): keep floats finite and zeros positive here; the round-trip tests cover the rest.</summary>
    private static ColumnData Finite(ColumnData data)
    {
        if (data.FloatValues is { } floats) for (int i = 0; i < floats.Length; i++) if (!float.IsFinite(floats[i]) || floats[i] == float.MinValue || floats[i] == 0) floats[i] = 1.5f;
        if (data.DoubleValues is { } doubles) for (int i = 0; i < doubles.Length; i++) if (!double.IsFinite(doubles[i]) || doubles[i] == 0) doubles[i] = 2.5;
        if (data.Column.IsDecimal && data.Int64Values is { } unscaled) for (int i = 0; i < unscaled.Length; i++) unscaled[i] %= 1_000_000_000_000;
        if (data.Column.LogicalType?.Kind is LogicalTypeKind.Date && data.Int32Values is { } days) for (int i = 0; i < days.Length; i++) days[i] %= 100_000;
        if (data.Column.LogicalType?.Kind is LogicalTypeKind.Timestamp && data.Int64Values is { } micros) for (int i = 0; i < micros.Length; i++) micros[i] %= 4_000_000_000_000_000;
        return data;
    }

    /// <summary>What we expect DuckDB to print for a value we wrote (the SELECT above casts to make it unambiguous).</summary>
    private static string Expected(ColumnData data, int row)
    {
        if (data.IsNull(row)) return "null";
        ParquetColumn column = data.Column;
        if (column.IsDecimal)
        {
            decimal value = data.Int64Values![row] / 1000m;
            return value.ToString("0.000", CultureInfo.InvariantCulture);
        }
        if (column.LogicalType?.Kind == LogicalTypeKind.Date)
            return DateOnly.FromDayNumber(DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber + data.Int32Values![row]).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return column.PhysicalType switch
        {
            PhysicalType.Int32 => data.Int32Values![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Int64 => data.Int64Values![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Float => ((double)data.FloatValues![row]).ToString("R", CultureInfo.InvariantCulture),
            PhysicalType.Double => data.DoubleValues![row].ToString("R", CultureInfo.InvariantCulture),
            PhysicalType.Boolean => data.BooleanValues![row] ? "true" : "false",
            _ when column.IsString => Encoding.UTF8.GetString(data.BinaryValues![row]!),
            _ => Convert.ToHexString(data.BinaryValues![row]!),
        };
    }

    private static string Render(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null => "null",
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Number => value.GetDouble().ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetString()!,
    };
}
