using System.Globalization;
using System.Text;
using System.Text.Json;
using Data.Datasets;
using Data.Import;
using Data.Interactions;
using Data.Synthetic;
using Linalg.Sparse;

namespace Data.Tests.Datasets;

/// <summary><c>prepare</c> end to end, with DuckDB (DuckDB.NET, in process) as the independent reader of what it wrote.</summary>
public sealed class DatasetPreparerTests
{
    private static string SyntheticTsv(TemporaryDirectory folder, int faults = 18, int duplicates = 4)
    {
        string path = folder.File("small.tsv");
        using var stream = File.Create(path);
        SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 11), stream, faults, duplicates);
        return path;
    }

    [Fact]
    public void DuckDB_reads_the_dataset_and_its_counts_sums_and_joins_match_the_manifest()
    {
        using var folder = new TemporaryDirectory();
        string output = folder.File("dataset");
        DatasetManifest manifest = DatasetPreparer.Prepare(new PrepareOptions
            { Input = SyntheticTsv(folder), Output = output, UserBlocks = 3, ItemBlocks = 2, MaxRejectFraction = 0.01 });
        DatasetCounts counts = manifest.Counts;
        Assert.Equal(counts.InputRows, counts.Kept + counts.Merged + counts.Rejected + counts.Filtered);
        Assert.Equal(18, counts.Rejected);
        Assert.Equal(counts.Rejected, File.ReadLines(Path.Combine(output, DatasetLayout.Rejects)).Count() - 1);

        string Glob(string folderName) => DuckDb.Literal(Path.Combine(output, folderName, "*", "*.parquet"));
        string users = DuckDb.Literal(Path.Combine(output, DatasetLayout.Users)), items = DuckDb.Literal(Path.Combine(output, DatasetLayout.Items));
        JsonElement row = DuckDb.Query(
            $"WITH byUser AS (SELECT * FROM read_parquet({Glob("train/by_user")}, hive_partitioning = true)), " +
            $"byItem AS (SELECT * FROM read_parquet({Glob("train/by_item")}, hive_partitioning = true)), " +
            $"test AS (SELECT * FROM read_parquet({Glob("test")}, hive_partitioning = true)) " +
            "SELECT (SELECT count(*) FROM byUser) AS train_rows, (SELECT count(*) FROM byItem) AS by_item_rows, (SELECT count(*) FROM test) AS test_rows, " +
            "(SELECT sum(plays) FROM byUser) AS user_plays, (SELECT sum(plays) FROM byItem) AS item_plays, " +
            $"(SELECT count(*) FROM {users}) AS users, (SELECT count(*) FROM {items}) AS items, " +
            $"(SELECT count(*) FROM byUser JOIN {users} USING (user_index) JOIN {items} USING (item_index)) AS joined, " +
            $"(SELECT count(*) FROM test JOIN {users} USING (user_index) JOIN {items} USING (item_index)) AS test_joined, " +
            "(SELECT count(DISTINCT user_index) FROM test) AS test_users, " +
            "(SELECT count(*) FROM (SELECT user_index, item_index FROM byUser INTERSECT SELECT user_index, item_index FROM test)) AS overlap, " +
            $"(SELECT count(*) FROM {items} WHERE artist_mbid IS NULL) AS name_only, " +
            "(SELECT count(DISTINCT block) FROM byUser) AS user_blocks, (SELECT count(DISTINCT block) FROM byItem) AS item_blocks")
            .EnumerateArray().Single();
        long Value(string name) => long.Parse(row.GetProperty(name).ValueKind == JsonValueKind.String ? row.GetProperty(name).GetString()! : row.GetProperty(name).GetRawText(), CultureInfo.InvariantCulture);
        Assert.Equal(counts.TrainRows, Value("train_rows"));
        Assert.Equal(counts.TrainRows, Value("by_item_rows"));
        Assert.Equal(counts.TestRows, Value("test_rows"));
        Assert.Equal(Value("user_plays"), Value("item_plays"));
        Assert.Equal(counts.Users, Value("users"));
        Assert.Equal(counts.Items, Value("items"));
        Assert.Equal(counts.TrainRows, Value("joined"));
        Assert.Equal(counts.TestRows, Value("test_joined"));
        Assert.Equal(counts.TestUsers, Value("test_users"));
        Assert.Equal(0, Value("overlap"));
        Assert.Equal(3, Value("user_blocks"));
        Assert.Equal(2, Value("item_blocks"));
        Assert.True(Value("name_only") > 0);

        // Each hive block holds exactly the index range the manifest gives it.
        JsonElement ranges = DuckDb.Query($"SELECT block, min(user_index) AS first, max(user_index) AS last, count(*) AS n FROM read_parquet({Glob("train/by_user")}, hive_partitioning = true) GROUP BY block ORDER BY block");
        foreach ((JsonElement range, BlockInfo block) in ranges.EnumerateArray().Zip(manifest.UserBlocks))
        {
            Assert.Equal(block.First, range.GetProperty("first").GetInt32());
            Assert.Equal(block.First + block.Count - 1, range.GetProperty("last").GetInt32());
            Assert.Equal(block.TrainRows.ToString(CultureInfo.InvariantCulture), range.GetProperty("n").GetString());
        }

        // Our own reader agrees, and every file passes its checksum.
        PreparedDataset dataset = PreparedDataset.Open(output);
        CsrMatrix train = dataset.LoadTrain(), byItem = dataset.LoadTrainByItem();
        train.Validate();
        Assert.Equal(train.NonZeros, counts.TrainRows);
        Assert.Equal(train.Transpose().ColumnIndices, byItem.ColumnIndices);
        Assert.Equal(counts.Users, dataset.LoadUserIds().Length);
    }

    [Fact]
    public void The_split_is_the_same_for_any_block_count_and_thread_count()
    {
        using var folder = new TemporaryDirectory();
        string input = SyntheticTsv(folder, faults: 0, duplicates: 0);
        CsrMatrix? reference = null;
        foreach ((int userBlocks, int itemBlocks, int threads) in new[] { (1, 1, 1), (4, 3, 2), (7, 1, 2) })
        {
            string output = folder.File($"d-{userBlocks}-{itemBlocks}-{threads}");
            DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = output, UserBlocks = userBlocks, ItemBlocks = itemBlocks, Threads = threads });
            var dataset = PreparedDataset.Open(output);
            Assert.Equal(userBlocks, dataset.Manifest.UserBlocks.Count);
            CsrMatrix test = dataset.LoadTest();
            reference ??= test;
            Assert.Equal(reference.RowPointers, test.RowPointers);
            Assert.Equal(reference.ColumnIndices, test.ColumnIndices);
        }
        // Another seed gives another test set.
        DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = folder.File("other-seed"), Seed = 43 });
        Assert.False(PreparedDataset.Open(folder.File("other-seed")).LoadTest().ColumnIndices.AsSpan().SequenceEqual(reference!.ColumnIndices));
    }

    [Fact]
    public void HetRec_files_round_trip_with_names()
    {
        using var folder = new TemporaryDirectory();
        var userArtists = new StringBuilder("userID\tartistID\tweight\n");
        var random = new Random(3);
        var expected = new Dictionary<(int, int), int>();
        for (int user = 2; user < 40; user++)
            foreach (int artist in Enumerable.Range(0, 30).OrderBy(_ => random.Next()).Take(8 + user % 5))
            {
                int plays = 1 + random.Next(5000);
                expected[(user, artist * 10 + 1)] = plays;
                userArtists.Append(CultureInfo.InvariantCulture, $"{user}\t{artist * 10 + 1}\t{plays}\n");
            }
        userArtists.Append("41\t11\tnot-a-number\n");
        File.WriteAllText(folder.File("user_artists.dat"), userArtists.ToString());
        File.WriteAllText(folder.File("artists.dat"), "id\tname\turl\tpictureURL\n" + string.Concat(Enumerable.Range(0, 30).Where(a => a != 7)
            .Select(a => $"{a * 10 + 1}\tArtist Nº{a}\thttp://www.last.fm/music/{a}\thttp://img/{a}.jpg\n")));

        DatasetManifest manifest = DatasetPreparer.Prepare(new PrepareOptions
        {
            Input = folder.File("user_artists.dat"), ArtistsFile = folder.File("artists.dat"), Output = folder.File("dataset"), Format = InputFormat.Hetrec,
            Filter = new FilterOptions(1, 1), TestFraction = 0, MaxRejectFraction = 0.5,
        });
        Assert.Equal(expected.Count + 1, manifest.Counts.InputRows);
        Assert.Equal(1, manifest.Counts.Rejected);
        Assert.Equal(expected.Count, manifest.Counts.Kept);
        Assert.Equal(30, manifest.Counts.ArtistsById);
        var dataset = PreparedDataset.Open(folder.File("dataset"));
        string[] users = dataset.LoadUserIds();
        (string?[] mbids, string[] names) = dataset.LoadItems();
        Assert.All(mbids, mbid => Assert.Null(mbid));
        Assert.Contains("Artist Nº3", names);
        Assert.Contains("artist 71", names);                                  // artist 7 (id 71) has no row in artists.dat
        CsrMatrix train = dataset.LoadTrain();
        for (int user = 0; user < train.Rows; user++)
            for (int j = 0; j < train.RowLength(user); j++)
            {
                string name = names[train.RowColumns(user)[j]];
                int artistId = name.StartsWith("artist ", StringComparison.Ordinal) ? int.Parse(name[7..], CultureInfo.InvariantCulture)
                    : int.Parse(name["Artist Nº".Length..], CultureInfo.InvariantCulture) * 10 + 1;
                Assert.Equal(expected[(int.Parse(users[user], CultureInfo.InvariantCulture), artistId)], (int)train.RowValues(user)[j]);
            }
    }

    [Fact]
    public void Parquet_input_with_named_columns_is_prepared_and_bad_rows_are_rejected()
    {
        using var folder = new TemporaryDirectory();
        var rows = Enumerable.Range(0, 300).Select(i => (User: "u" + (i % 20), Artist: (long?)(i % 7 == 6 && i > 290 ? null : i % 15), Plays: i == 5 ? 2.5 : 1 + i % 9)).ToArray();
        DuckDb.Execute($"COPY (SELECT 'u' || (i % 20) AS listener, CASE WHEN i % 7 = 6 AND i > 290 THEN NULL ELSE (i % 15)::BIGINT END AS artist_id, " +
                       $"CASE WHEN i = 5 THEN 2.5 ELSE (1 + i % 9)::DOUBLE END AS count FROM range(300) t(i)) TO {DuckDb.Literal(folder.File("input.parquet"))} (FORMAT parquet)");
        DatasetManifest manifest = DatasetPreparer.Prepare(new PrepareOptions
        {
            Input = folder.File("input.parquet"), Output = folder.File("dataset"), Format = InputFormat.Parquet, MaxRejectFraction = 0.1,
            ParquetColumns = new ParquetColumnsOptions("listener", "artist_id", "count"), Filter = new FilterOptions(1, 1),
        });
        int nulls = rows.Count(r => r.Artist is null);
        Assert.Equal(300, manifest.Counts.InputRows);
        Assert.Equal(1 + nulls, manifest.Counts.Rejected);
        Assert.Equal(new Dictionary<string, long> { ["non_numeric_plays"] = 1, ["no_artist"] = nulls }, manifest.Counts.RejectedByReason);
        Assert.Equal(15, manifest.Counts.ArtistsById);
        Assert.Equal(manifest.Counts.InputRows, manifest.Counts.Kept + manifest.Counts.Merged + manifest.Counts.Rejected + manifest.Counts.Filtered);
    }

    [Fact]
    public void Failures_are_specific_and_leave_no_manifest()
    {
        using var folder = new TemporaryDirectory();
        Assert.Throws<FileNotFoundException>(() => DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("none.tsv"), Output = folder.File("o") }));

        Directory.CreateDirectory(folder.File("full"));
        File.WriteAllText(folder.File("full/mine.txt"), "keep");
        Assert.Contains("not empty", Assert.Throws<ArgumentException>(() =>
            DatasetPreparer.Prepare(new PrepareOptions { Input = SyntheticTsv(folder), Output = folder.File("full") })).Message);

        File.WriteAllText(folder.File("junk.tsv"), string.Concat(Enumerable.Repeat("this is not the format\n", 50)) + "u\tm\tn\t3\n");
        var error = Assert.Throws<TooManyRejectsException>(() => DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("junk.tsv"), Output = folder.File("junk") }));
        Assert.Contains("50 of 51 input rows", error.Message);
        Assert.Contains("--max-reject-fraction", error.Message);
        Assert.False(Directory.Exists(folder.File("junk")));                        // a failed prepare leaves no output folder
        Assert.Contains(folder.File("junk.rejects.tsv"), error.Message);             // its rejects are kept beside it
        Assert.Equal(51, File.ReadLines(folder.File("junk.rejects.tsv")).Count());
    }

    [Fact]
    public void One_and_two_threads_write_byte_identical_datasets_and_the_manifest_records_the_timings()
    {
        using var folder = new TemporaryDirectory();
        string input = SyntheticTsv(folder, faults: 18, duplicates: 4);
        string one = folder.File("one"), two = folder.File("two");
        DatasetManifest first = DatasetPreparer.Prepare(new PrepareOptions
            { Input = input, Output = one, UserBlocks = 3, ItemBlocks = 2, MaxRejectFraction = 0.01, Threads = 1 });
        DatasetManifest second = DatasetPreparer.Prepare(new PrepareOptions
            { Input = input, Output = two, UserBlocks = 3, ItemBlocks = 2, MaxRejectFraction = 0.01, Threads = 2, ChunkBytes = 64 << 10 });
        Assert.True(new FileInfo(input).Length > 20 * (64 << 10), "the input spans many chunks");

        string[] files = [.. Directory.EnumerateFiles(one, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(one, path)).Order(StringComparer.Ordinal)];
        Assert.Equal(files, Directory.EnumerateFiles(two, "*", SearchOption.AllDirectories).Select(path => Path.GetRelativePath(two, path)).Order(StringComparer.Ordinal));
        Assert.Contains(DatasetLayout.Rejects, files);
        Assert.Equal(3 * 2 + 2 + 2 + 2, files.Length);                             // 3 × (train, test) + 2 by item + users, items + rejects, manifest
        foreach (string file in files.Where(file => file != DatasetLayout.Manifest))
            Assert.True(File.ReadAllBytes(Path.Combine(one, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(two, file))), $"{file} differs");

        // The manifest differs only in when it was made and how long that took.
        Assert.Equal(WithoutTimes(Path.Combine(one, DatasetLayout.Manifest)), WithoutTimes(Path.Combine(two, DatasetLayout.Manifest)));
        Assert.Equal((1, 2), (first.Timings!.Threads, second.Timings!.Threads));
        foreach (PrepareTimings timings in new[] { first.Timings, second.Timings })
        {
            double[] phases = [timings.Read, timings.Parse, timings.Key, timings.Filter, timings.Split, timings.Write];
            Assert.All(phases, seconds => Assert.True(seconds >= 0 && seconds <= timings.Total * timings.Threads + 1, $"{seconds} s of {timings.Total} s"));
            Assert.True(timings.Parse > 0 && timings.Write > 0, timings.ToString());
        }
        Assert.Equal(second.Timings, DatasetPreparer.ReadManifest(two).Timings);

        static string WithoutTimes(string manifest)
        {
            var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(manifest))!.AsObject();
            Assert.True(json.Remove("created_utc") && json.Remove("timings"));
            return json.ToJsonString();
        }
    }

    [Fact]
    public void A_changed_block_file_is_detected_by_its_checksum()
    {
        using var folder = new TemporaryDirectory();
        DatasetPreparer.Prepare(new PrepareOptions { Input = SyntheticTsv(folder), Output = folder.File("dataset"), MaxRejectFraction = 0.01 });
        string block = Path.Combine(folder.File("dataset"), DatasetLayout.TrainByUser(0));
        byte[] bytes = File.ReadAllBytes(block);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(block, bytes);
        var error = Assert.Throws<InvalidDataException>(() => PreparedDataset.Open(folder.File("dataset")).LoadTrain());
        Assert.Contains("part-0.parquet", error.Message);
        Assert.Contains("corrupt", error.Message);
    }
}
