using System.Globalization;
using System.Text.Json;
using Data.Datasets;
using Data.Import;
using Data.Interactions;

namespace Data.Tests.Import;

/// <summary>
/// <c>prepare --format parquet</c> on files DuckDB (in process) writes in the test: every codec DuckDB writes, with and
/// without dictionaries, v1 and v2 pages, nullable columns and several row groups. A NULL in a key column (user,
/// artist) or in plays is a reject carrying its row number (from 1 over the whole file); every other row is kept.
/// </summary>
public sealed class ParquetInputTests
{
    private const int Rows = 5000;

    /// <summary>Rows per row group DuckDB is asked for, so the rows span three row groups.</summary>
    private const int RowGroupSize = 2048;

    public static TheoryData<string, bool, string> Variants
    {
        get
        {
            var data = new TheoryData<string, bool, string>();
            foreach (string codec in new[] { "uncompressed", "snappy", "gzip", "zstd", "lz4_raw", "brotli" })
                foreach (bool dictionary in new[] { true, false })
                    foreach (string version in new[] { "V1", "V2" })
                        data.Add(codec, dictionary, version);
            return data;
        }
    }

    private static bool UserIsNull(int i) => i % 101 == 7;

    private static bool ArtistIsNull(int i) => i % 89 == 3;

    private static bool PlaysIsNull(int i) => i % 113 == 5;

    [Theory, MemberData(nameof(Variants))]
    public void DuckDB_files_are_prepared_with_null_keys_rejected_by_row_number(string codec, bool dictionary, string version)
    {
        using var folder = new TemporaryDirectory();
        string input = folder.File("input.parquet");
        string options = $"FORMAT parquet, COMPRESSION '{codec}', PARQUET_VERSION '{version}', ROW_GROUP_SIZE {RowGroupSize}" +
                         (dictionary ? "" : ", DICTIONARY_SIZE_LIMIT 0");
        DuckDb.Execute(
            "COPY (SELECT CASE WHEN i % 101 = 7 THEN NULL ELSE 'u' || (i % 97) END AS listener, " +
            "CASE WHEN i % 89 = 3 THEN NULL ELSE 'a' || (i % 43) END AS artist, " +
            "CASE WHEN i % 113 = 5 THEN NULL ELSE (1 + i % 17)::INTEGER END AS plays " +
            $"FROM range({Rows}) t(i) ORDER BY i) TO {DuckDb.Literal(input)} ({options})");

        // The file is what the case says: its codec, dictionary pages or none, several row groups.
        JsonElement chunks = DuckDb.Query($"SELECT compression, encodings, row_group_id FROM parquet_metadata({DuckDb.Literal(input)})");
        Assert.All(chunks.EnumerateArray(), chunk => Assert.Equal(codec.ToUpperInvariant(), chunk.GetProperty("compression").GetString()));
        bool anyDictionary = chunks.EnumerateArray().Any(chunk => chunk.GetProperty("encodings").GetString()!.Contains("DICTIONARY", StringComparison.Ordinal));
        Assert.Equal(dictionary, anyDictionary);
        Assert.True(chunks.EnumerateArray().Select(chunk => chunk.GetProperty("row_group_id").GetRawText()).Distinct().Count() >= 3);

        DatasetManifest manifest = DatasetPreparer.Prepare(new PrepareOptions
        {
            Input = input, Output = folder.File("dataset"), Format = InputFormat.Parquet, MaxRejectFraction = 0.1,
            ParquetColumns = new ParquetColumnsOptions("listener", "artist", "plays"), Filter = new FilterOptions(1, 1),
        });

        int[] expected = [.. Enumerable.Range(0, Rows).Where(i => UserIsNull(i) || ArtistIsNull(i) || PlaysIsNull(i)).Select(i => i + 1)];
        string[][] rejects = [.. File.ReadLines(Path.Combine(folder.File("dataset"), DatasetLayout.Rejects)).Skip(1).Select(line => line.Split('\t'))];
        Assert.Equal(expected, rejects.Select(reject => int.Parse(reject[0], CultureInfo.InvariantCulture)));
        foreach (string[] reject in rejects)
        {
            int i = int.Parse(reject[0], CultureInfo.InvariantCulture) - 1;
            string reason = UserIsNull(i) ? "empty_user" : ArtistIsNull(i) ? "no_artist" : "non_numeric_plays";
            Assert.True(reason == reject[1], $"row {i + 1}: {reject[1]}, expected {reason}");
        }
        Assert.Equal(Rows, manifest.Counts.InputRows);
        Assert.Equal(expected.Length, manifest.Counts.Rejected);
        Assert.Equal(manifest.Counts.InputRows, manifest.Counts.Kept + manifest.Counts.Merged + manifest.Counts.Rejected + manifest.Counts.Filtered);

        // Every kept row's plays add up to DuckDB's own sum over the rows without NULLs.
        long plays = long.Parse(DuckDb.Scalar($"SELECT sum(plays) FROM read_parquet({DuckDb.Literal(input)}) WHERE listener IS NOT NULL AND artist IS NOT NULL AND plays IS NOT NULL")!,
            CultureInfo.InvariantCulture);
        PreparedDataset dataset = PreparedDataset.Open(folder.File("dataset"));
        double ours = dataset.LoadTrain().Values.Sum(value => (double)value) + dataset.LoadTest().Values.Sum(value => (double)value);
        Assert.Equal(plays, (long)ours);
    }
}
