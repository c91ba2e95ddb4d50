using Data.Files;
using Parquet.Schema;

namespace Data.Tests.Files;

/// <summary>The adapter's own checks and edges: literal tiny files, an empty file, nested columns, JSON floats, and a round trip read back by DuckDB.</summary>
public sealed class ParquetTableTests
{
    [Fact]
    public void A_file_shorter_than_magic_and_footer_length_is_refused_with_its_size()
    {
        byte[] bytes = [.. "PAR1"u8, 0x00, 0x00, .. "PAR1"u8];
        var error = Assert.Throws<ParquetFileException>(() => ParquetTable.Open(bytes, "tiny.parquet"));
        Assert.Equal("tiny.parquet: 10 bytes is too short for Parquet (at least 12: magic, footer length, magic)", error.Message);
    }

    [Theory]
    [InlineData(0xFF, 0xFF, 0x00, 0x00, "footer length 65535 exceeds the 4 bytes between the magic numbers")]
    [InlineData(0xFF, 0xFF, 0xFF, 0xFF, "footer length -1 is not positive")]
    public void A_footer_length_outside_the_file_is_refused_with_its_value(byte b0, byte b1, byte b2, byte b3, string message)
    {
        byte[] bytes = [.. "PAR1"u8, 1, 2, 3, 4, b0, b1, b2, b3, .. "PAR1"u8];
        var error = Assert.Throws<ParquetFileException>(() => ParquetTable.Open(bytes, "short.parquet"));
        Assert.Equal("short.parquet: " + message, error.Message);
    }

    [Fact]
    public void An_encrypted_footer_is_refused_as_unsupported()
    {
        byte[] bytes = [.. "PAR1"u8, 1, 2, 3, 4, 4, 0, 0, 0, .. "PARE"u8];
        var error = Assert.Throws<ParquetUnsupportedException>(() => ParquetTable.Open(bytes, "secret.parquet"));
        Assert.Contains("encrypted", error.Message);
    }

    [Fact]
    public void A_file_without_rows_reads_as_empty_columns()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("empty.parquet");
        DuckDb.Execute($"COPY (SELECT 1::INTEGER AS n, 'x' AS s WHERE false) TO {DuckDb.Literal(path)} (FORMAT parquet)");
        using ParquetTable table = ParquetTable.Open(path);
        Assert.Equal(0, table.RowCount);
        Assert.Empty(table.ReadStrings("s"));
        Assert.Empty(table.ReadInt32("n"));
    }

    [Fact]
    public void A_nested_column_is_refused_naming_it()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("nested.parquet");
        DuckDb.Execute($"COPY (SELECT 1 AS id, [1, 2] AS tags) TO {DuckDb.Literal(path)} (FORMAT parquet)");
        var error = Assert.Throws<ParquetUnsupportedException>(() => ParquetTable.Open(path));
        Assert.Contains("nested.parquet", error.Message);
        Assert.Contains("'tags'", error.Message);
    }

    [Fact]
    public void A_null_in_an_int32_key_column_names_its_row()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("keys.parquet");
        DuckDb.Execute($"COPY (SELECT CASE WHEN i = 4 THEN NULL ELSE i::INTEGER END AS k FROM range(10) t(i)) TO {DuckDb.Literal(path)} (FORMAT parquet)");
        using ParquetTable table = ParquetTable.Open(path);
        var error = Assert.Throws<ParquetFileException>(() => table.ReadInt32("k"));
        Assert.Equal("keys.parquet, row group 0, column 'k': row 5 is null", error.Message);
    }

    [Theory]
    [InlineData(1.0, false, "1.0")]
    [InlineData(-0.0, false, "-0.0")]
    [InlineData(1e300, false, "1.0E+300")]
    [InlineData(0.1, false, "0.1")]
    [InlineData(1.401298464324817E-45, true, "1.0E-45")]
    [InlineData(double.NaN, false, "\"NaN\"")]
    [InlineData(double.PositiveInfinity, true, "\"Infinity\"")]
    [InlineData(double.NegativeInfinity, false, "\"-Infinity\"")]
    public void Floats_print_as_JSON_floats(double value, bool isSingle, string expected) =>
        Assert.Equal(expected, ParquetText.JsonFloat(value, isSingle));

    [Fact]
    public void What_the_writer_writes_DuckDB_reads_and_the_reader_reads_back()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("ours.parquet");
        int[] ids = [.. Enumerable.Range(0, 1000)];
        string?[] names = [.. ids.Select(i => i % 7 == 0 ? null : "n" + (i % 13))];
        float[] scores = [.. ids.Select(i => i / 8f)];
        using (ParquetTableWriter writer = ParquetTableWriter.Create(path, [new DataField<int>("id", false), new DataField<string>("name", true), new DataField<float>("score", false)]))
        {
            writer.WriteRowGroup(ids[..600], names[..600], scores[..600]);
            writer.WriteRowGroup(ids[600..], names[600..], scores[600..]);
        }
        Assert.Equal("1000", DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)})"));
        Assert.Equal(names.Count(name => name is null).ToString(System.Globalization.CultureInfo.InvariantCulture),
            DuckDb.Scalar($"SELECT count(*) FROM read_parquet({DuckDb.Literal(path)}) WHERE name IS NULL"));
        Assert.Equal("SNAPPY", DuckDb.Scalar($"SELECT DISTINCT compression FROM parquet_metadata({DuckDb.Literal(path)})"));
        Assert.Equal(scores.Sum(score => (double)score), double.Parse(DuckDb.Scalar($"SELECT sum(score) FROM read_parquet({DuckDb.Literal(path)})")!, System.Globalization.CultureInfo.InvariantCulture));

        using ParquetTable table = ParquetTable.Open(path);
        Assert.Equal(2, table.RowGroupCount);
        Assert.Equal(ids, table.ReadInt32("id"));
        Assert.Equal(names, table.ReadStrings("name"));
        Assert.Equal(scores, (float[])table.ReadAll(table.Column("score")).Values);
    }
}
