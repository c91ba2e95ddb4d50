using FsCheck;
using FsCheck.Fluent;
using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Schema;
using Parquet.Writing;

namespace Parquet.Tests.Writing;

/// <summary>Writer → reader round trips over random schemas, values, nulls and layouts (FsCheck drives the seeds).</summary>
public sealed class RoundTripTests
{
    [Fact]
    public void Random_columns_come_back_exactly_in_every_layout()
    {
        Prop.ForAll(Gen.Choose(0, int.MaxValue).ToArbitrary(), seed =>
        {
            var random = new Random(seed);
            int columnCount = random.Next(1, 7), rows = random.Next(0, 400);
            var columns = new List<ColumnData>();
            for (int c = 0; c < columnCount; c++)
            {
                ParquetColumn column = TestColumns.Kinds[random.Next(TestColumns.Kinds.Length)]("c" + c, random.Next(2) == 0);
                columns.Add(TestColumns.Random(column, rows, random.NextDouble() * 0.5, random));
            }
            var options = new ParquetWriterOptions
            {
                Codec = (CompressionCodec)random.Next(3),
                RowGroupSize = random.Next(1, 150),
                PageSize = random.Next(1, 3) == 1 ? 64 : 1 << 20,           // tiny pages: many pages per chunk
                Dictionary = random.Next(2) == 0,
                DictionaryLimit = random.Next(3) switch { 0 => 0, 1 => 200, _ => 1 << 20 },
                DeltaColumns = new HashSet<string>(columns.Where(_ => random.Next(2) == 0).Select(c => c.Column.Name)),
                PageChecksums = random.Next(2) == 0,
            };
            using var stream = new MemoryStream();
            using (var writer = new ParquetFileWriter(stream, new ParquetSchema([.. columns.Select(c => c.Column)]), options, leaveOpen: true))
                writer.Write(columns);
            stream.Position = 0;
            using var reader = new ParquetFileReader(stream, $"seed-{seed}.parquet", leaveOpen: true);
            Assert.Equal(rows, reader.RowCount);
            Assert.Equal(Math.Max(1, (rows + options.RowGroupSize - 1) / options.RowGroupSize), reader.RowGroups.Count);
            foreach (ColumnData expected in columns)
                TestColumns.AssertEqual(expected, reader.ReadColumn(expected.Column.Name), $"seed {seed}, {expected.Column.Describe()}, {options}");
            return true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(150));
    }

    [Fact]
    public void Statistics_and_metadata_are_written()
    {
        var ids = ParquetColumn.Int32("id");
        var names = ParquetColumn.String("name", optional: true);
        var scores = ParquetColumn.Double("score");
        using var stream = new MemoryStream();
        var options = new ParquetWriterOptions { KeyValueMetadata = [new("source", "test"), new("empty", null)] };
        using (var writer = new ParquetFileWriter(stream, new ParquetSchema([ids, names, scores]), options, leaveOpen: true))
        {
            writer.WriteRowGroup([ColumnData.FromInt32(ids, [5, -3, 9]), ColumnData.FromStrings(names, ["b", null, "a"]),
                ColumnData.FromDouble(scores, [0.0, double.NaN, -2.5])]);
        }
        stream.Position = 0;
        using var reader = new ParquetFileReader(stream, "stats.parquet");
        ColumnChunkInfo[] chunks = [.. reader.RowGroups[0].Columns];
        Assert.Equal(new ColumnStatistics(0, null, null, -3, 9), chunks[0].Statistics);
        Assert.Equal(new ColumnStatistics(1, null, null, "a", "b"), chunks[1].Statistics);
        Assert.Equal(1L, chunks[2].Statistics!.NanCount);
        Assert.Equal(-2.5, chunks[2].Statistics!.Min);
        Assert.Equal(0.0, chunks[2].Statistics!.Max);
        Assert.Contains(ParquetEncoding.RleDictionary, chunks[1].Encodings);
        Assert.Equal(CompressionCodec.Snappy, chunks[0].Codec);
        Assert.Equal([new KeyValuePair<string, string?>("source", "test"), new("empty", null)], reader.KeyValueMetadata);
    }

    [Fact]
    public void Strings_fall_back_to_plain_when_the_dictionary_outgrows_its_limit()
    {
        var column = ParquetColumn.String("u");
        string[] values = [.. Enumerable.Range(0, 5000).Select(i => "unique-value-" + i)];
        using var stream = new MemoryStream();
        using (var writer = new ParquetFileWriter(stream, new ParquetSchema([column]), new ParquetWriterOptions { DictionaryLimit = 10_000 }, leaveOpen: true))
            writer.WriteRowGroup([ColumnData.FromStrings(column, values)]);
        stream.Position = 0;
        using var reader = new ParquetFileReader(stream, "plain.parquet");
        Assert.DoesNotContain(ParquetEncoding.RleDictionary, reader.RowGroups[0].Columns[0].Encodings);
        Assert.Equal(values, reader.ReadStrings("u"));
    }

    [Fact]
    public void Mismatched_input_is_rejected_by_name()
    {
        var a = ParquetColumn.Int32("a");
        var b = ParquetColumn.Int64("b");
        using var writer = new ParquetFileWriter(new MemoryStream(), new ParquetSchema([a, b]));
        Assert.Contains("2 rows", Assert.Throws<ArgumentException>(() =>
            writer.WriteRowGroup([ColumnData.FromInt32(a, [1, 2, 3]), ColumnData.FromInt64(b, [1, 2])])).Message);
        Assert.Contains("schema says", Assert.Throws<ArgumentException>(() =>
            writer.WriteRowGroup([ColumnData.FromInt64(b, [1]), ColumnData.FromInt64(b, [1])])).Message);
        Assert.Contains("REQUIRED", Assert.Throws<ArgumentException>(() => ColumnData.FromInt32(a, [1], [false])).Message);
    }
}
