using Data.Files;
using Data.Import;
using Data.Interactions;
using Linalg.Sparse;
using Parquet.Schema;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Data.Datasets;

/// <summary>
/// <c>prepare</c>: reads interactions (Last.fm 360K TSV, HetRec or Parquet), drops malformed rows into
/// rejects.tsv, sums duplicate user–artist rows, applies the activity filters, splits per user, partitions into
/// blocks and writes the dataset layout of <see cref="DatasetLayout"/>, manifest last.
/// </summary>
/// <remarks>
/// Nothing is lost silently: <c>input rows = kept + merged + rejected + filtered</c> holds and is checked before the
/// manifest is written. The input is streamed; only three integer columns and the distinct ids are held.
/// </remarks>
public static class DatasetPreparer
{
    /// <summary>Rows per row group of a block file: 256K rows × 3 INT32 is 3 MiB before compression, small enough that a
    /// reader decodes a block's row groups in parallel, large enough that per-group overhead stays negligible.</summary>
    private const int RowsPerGroup = 1 << 18;

    /// <summary>Key–value metadata of every file written.</summary>
    private static readonly Dictionary<string, string> WrittenBy = new() { ["written_by"] = "als prepare" };

    /// <summary>Runs the whole preparation; returns the manifest it wrote.</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    /// <exception cref="IOException">The output folder is not empty and <see cref="PrepareOptions.Overwrite"/> is off.</exception>
    /// <exception cref="TooManyRejectsException">Rejected rows exceed the allowed share (an <see cref="IOException"/>).</exception>
    /// <exception cref="InvalidDataException">The input is unusable (wrong header, a merged count too large), named precisely.</exception>
    /// <exception cref="ArgumentException">The input is a folder or lies inside the output, or the output is a file or (without --overwrite) not empty.</exception>
    /// <remarks>
    /// The dataset is written to a staging folder beside the output and swapped in only when complete: a prepare that
    /// fails (bad input, full disk, Ctrl-C) leaves the output as it was and removes only its own staging folder. The
    /// rejects of a failed prepare are kept beside the output as <c>OUT.rejects.tsv</c>.
    /// </remarks>
    public static DatasetManifest Prepare(PrepareOptions options, IPrepareProgress? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckInput(options.Input, "input");
        if (options.ArtistsFile is not null) CheckInput(options.ArtistsFile, "artists file");
        if (double.IsNaN(options.MaxRejectFraction) || options.MaxRejectFraction < 0)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--max-reject-fraction must be a number between 0 and 1; got {options.MaxRejectFraction}."));
        using StagedOutput staged = StagedOutput.Begin(options);
        DatasetManifest manifest;
        try
        {
            manifest = PrepareInto(options with { Output = staged.Staging }, progress, cancellationToken);
        }
        catch (TooManyRejectsException problem)
        {
            string kept = staged.KeepRejects();
            throw new TooManyRejectsException(problem.Message.Replace(Path.Combine(staged.Staging, DatasetLayout.Rejects), kept, StringComparison.Ordinal));
        }
        BeforeSwap?.Invoke(staged.Staging);
        IReadOnlyList<string> foreign = staged.SwapIn();
        if (foreign.Count > 0) progress?.Stage(StagedOutput.DescribeForeign(staged.Output, foreign));
        return manifest;
    }

    /// <summary>Test seam: runs after the staged dataset is complete and before it is swapped in (a failure here must leave the output as it was).</summary>
    internal static Action<string>? BeforeSwap
    {
        get => BeforeSwapHook.Value;
        set => BeforeSwapHook.Value = value;
    }

    /// <summary>Per async flow, so a test's hook never reaches a prepare of another test running in parallel.</summary>
    private static readonly AsyncLocal<Action<string>?> BeforeSwapHook = new();

    private static void CheckInput(string path, string what)
    {
        if (Directory.Exists(path)) throw new ArgumentException($"The {what} {path} is a folder; name the file to read.");
        if (!File.Exists(path)) throw new FileNotFoundException($"The {what} {path} does not exist.", path);
    }

    private static DatasetManifest PrepareInto(PrepareOptions options, IPrepareProgress? progress, CancellationToken cancellationToken)
    {
        long inputBytes = new FileInfo(options.Input).Length;
        long started = Stopwatch.GetTimestamp();
        var importTimings = new ImportTimings();

        progress?.Stage($"Reading {options.Input} ({inputBytes:N0} bytes, format {FormatName(options.Format)})");
        var collector = new InteractionCollector(Math.Max(1 << 16, inputBytes / 56));   // ~56 bytes per Last.fm line
        long inputRows;
        var rejects = new RejectWriter(Path.Combine(options.Output, DatasetLayout.Rejects));
        try
        {
            inputRows = Import(options, collector, rejects, progress, inputBytes, importTimings);
        }
        finally
        {
            rejects.Dispose();
        }
        cancellationToken.ThrowIfCancellationRequested();
        if (inputRows > 0 && (double)rejects.Total / inputRows > options.MaxRejectFraction)
            throw new TooManyRejectsException(string.Create(CultureInfo.InvariantCulture,
                $"{rejects.Total:N0} of {inputRows:N0} input rows ({100.0 * rejects.Total / inputRows:F3}%) were rejected, more than --max-reject-fraction {options.MaxRejectFraction}; " +
                $"see {rejects.Path} (is the format right?)"));

        progress?.Stage($"Merging duplicates of {collector.Count:N0} rows");
        long phase = Stopwatch.GetTimestamp();
        CsrMatrix all = Merge(collector, out int merged);
        collector.ReleaseRows();
        var userIds = collector.UserIds;
        double keySeconds = importTimings.Key + Stopwatch.GetElapsedTime(phase).TotalSeconds;

        progress?.Stage("Filtering");
        phase = Stopwatch.GetTimestamp();
        FilterResult filtered = InteractionFilter.Apply(all, options.Filter);
        all = null!;
        double filterSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
        if (inputRows == 0)
            throw new InvalidDataException($"{options.Input} holds no data row: nothing to prepare. Check that it is the right file.");
        if (filtered.Matrix.NonZeros == 0)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"no user-artist pair of {options.Input} is left after filtering (--min-user-items {options.Filter.MinUserItems}, --min-item-users {options.Filter.MinItemUsers}, --top-users {options.Filter.TopUsers}); lower them or check the input."));

        progress?.Stage("Splitting");
        phase = Stopwatch.GetTimestamp();
        ulong[] keys = [.. filtered.UserMap.Select(user => UserKeys.Of(userIds[user]))];
        SplitResult split = HoldoutSplit.Split(filtered.Matrix, options.TestFraction, options.Seed, keys, options.MinInteractions, options.Threads);
        CsrMatrix train = split.Train, test = split.Test;
        filtered = filtered with { Matrix = null! };
        double splitSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;
        cancellationToken.ThrowIfCancellationRequested();

        progress?.Stage("Writing blocks");
        CompactBeforeWriting();
        phase = Stopwatch.GetTimestamp();
        var files = new List<FileInfoRecord>();
        int users = train.Rows, items = train.Columns;
        int[] userRows = [.. Enumerable.Range(0, users).Select(u => train.RowLength(u) + test.RowLength(u))];
        int[] userBounds = BlockPartition.Boundaries(userRows, options.UserBlocks ?? BlockPartition.DefaultBlocks(train.NonZeros + test.NonZeros, users), BlockPartition.RowCost);
        var userBlocks = WriteBlocks(options, userBounds, files, (block, first, count, blockFiles) => new BlockInfo(block, first, count,
            WriteBlock(options.Output, DatasetLayout.TrainByUser(block), "user_index", "item_index", train, first, count, blockFiles),
            WriteBlock(options.Output, DatasetLayout.Test(block), "user_index", "item_index", test, first, count, blockFiles)));
        CsrMatrix byItem = train.Transpose();
        int[] itemRows = [.. Enumerable.Range(0, items).Select(byItem.RowLength)];
        int[] itemBounds = BlockPartition.Boundaries(itemRows, options.ItemBlocks ?? BlockPartition.DefaultBlocks(train.NonZeros, items), BlockPartition.RowCost);
        var itemBlocks = WriteBlocks(options, itemBounds, files, (block, first, count, blockFiles) => new BlockInfo(block, first, count,
            WriteBlock(options.Output, DatasetLayout.TrainByItem(block), "item_index", "user_index", byItem, first, count, blockFiles), 0));

        progress?.Stage("Writing id maps");
        WriteIdMaps(options.Output, filtered, collector, files);
        double writeSeconds = Stopwatch.GetElapsedTime(phase).TotalSeconds;

        FilterCounts filterCounts = filtered.Counts;
        long filteredRows = filterCounts.RowsRemoved;
        long kept = train.NonZeros + test.NonZeros;
        long accepted = inputRows - rejects.Total;
        if (accepted != kept + merged + filteredRows)
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                $"Row accounting does not add up: {accepted} accepted rows but {kept} kept + {merged} merged + {filteredRows} filtered."));
        var manifest = new DatasetManifest(
            DatasetManifest.CurrentSchemaVersion,
            DateTime.UtcNow,
            new SourceInfo(options.Input, FormatName(options.Format), inputBytes),
            new DatasetCounts(inputRows, rejects.Total, rejects.Counts(), merged, filteredRows, new Dictionary<string, long>
            {
                ["users_not_in_top"] = filterCounts.RowsOfUsersNotInTop,
                ["users_below_min_items"] = filterCounts.RowsOfRemovedUsers,
                ["items_below_min_users"] = filterCounts.RowsOfRemovedItems,
            }, kept, train.NonZeros, test.NonZeros, users, items, split.TestUsers, collector.UserIds.Count, collector.ArtistNames.Count,
                collector.ArtistsByMbid, collector.ArtistsByName, collector.ArtistsById),
            new FilterSettings(options.Filter.MinUserItems, options.Filter.MinItemUsers, options.Filter.ItemsFirst ? "items-first" : "users-first",
                options.Filter.Passes, filterCounts.Passes, options.Filter.TopUsers),
            new SplitSettings(options.TestFraction, options.Seed, options.MinInteractions, "fnv1a64(user id) | splitmix64"),
            userBlocks, itemBlocks, files,
            new PrepareTimings(importTimings.Read, importTimings.Parse, keySeconds, filterSeconds, splitSeconds, writeSeconds,
                Stopwatch.GetElapsedTime(started).TotalSeconds, options.Threads));
        WriteManifest(options.Output, manifest);
        progress?.Stage("Wrote " + DatasetLayout.Manifest);
        return manifest;
    }

    /// <summary>Reads a dataset's manifest.</summary>
    /// <exception cref="InvalidDataException">The folder has no manifest, or one of another version.</exception>
    public static DatasetManifest ReadManifest(string folder)
    {
        string path = Path.Combine(folder, DatasetLayout.Manifest);
        if (!File.Exists(path)) throw new Failures.InvalidInputException($"{folder} is not a prepared dataset: {DatasetLayout.Manifest} is missing (run `als prepare`).");
        DatasetManifest manifest = JsonFile.Read<DatasetManifest>(path, DatasetManifest.JsonOptions, "prepare the dataset again (`als prepare --overwrite`)");
        if (manifest.SchemaVersion != DatasetManifest.CurrentSchemaVersion)
            throw new InvalidDataException($"{path}: dataset layout version {manifest.SchemaVersion}; this build reads version {DatasetManifest.CurrentSchemaVersion}. Prepare it again.");
        if (manifest.Counts.TrainRows <= 0)
            throw new InvalidDataException($"{path}: the dataset holds no training row (counts.train_rows is {manifest.Counts.TrainRows}); prepare it again from a file with data.");
        CheckBlocks(path, "user_blocks", manifest.UserBlocks, manifest.Counts.Users, "counts.users");
        CheckBlocks(path, "item_blocks", manifest.ItemBlocks, manifest.Counts.Items, "counts.items");
        return manifest;
    }

    /// <summary>
    /// The blocks must tile 0 … <paramref name="total"/> − 1 in order: every reader sizes its arrays by the count and
    /// indexes them by the blocks, so an edited count would otherwise end in an index out of range.
    /// </summary>
    private static void CheckBlocks(string path, string field, IReadOnlyList<BlockInfo> blocks, int total, string countField)
    {
        if (total < 0) throw new InvalidDataException($"{path}: {countField} is {total}; prepare the dataset again.");
        int next = 0;
        for (int index = 0; index < blocks.Count; index++)
        {
            BlockInfo block = blocks[index];
            if (block.Block != index || block.First != next || block.Count < 0 || block.TrainRows < 0 || block.TestRows < 0)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}: {field}[{index}] (block {block.Block}, first {block.First}, count {block.Count}) does not follow the block before it; prepare the dataset again."));
            next += block.Count;
        }
        if (next != total)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {countField} is {total} but {field} cover {next}; the manifest was edited or damaged, prepare the dataset again."));
    }

    /// <summary>The format's command-line name.</summary>
    public static string FormatName(InputFormat format) => format switch
    {
        InputFormat.Hetrec => "hetrec",
        InputFormat.Parquet => "parquet",
        _ => "lastfm360k",
    };

    private static long Import(PrepareOptions options, InteractionCollector collector, RejectWriter rejects, IPrepareProgress? progress, long inputBytes,
        ImportTimings timings)
    {
        if (options.Format == InputFormat.LastFm360K)
        {
            using var input = new FileStream(options.Input, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return LastFmTsvReader.Read(input, collector, rejects, (bytes, rows) => progress?.Reading(bytes, inputBytes, rows), options.Threads, options.ChunkBytes, timings);
        }
        long start = Stopwatch.GetTimestamp();
        try
        {
            return ImportOther(options, collector, rejects);
        }
        finally
        {
            timings.AddRead(start);                                  // HetRec and Parquet readers are not split into phases
        }
    }

    private static long ImportOther(PrepareOptions options, InteractionCollector collector, RejectWriter rejects)
    {
        switch (options.Format)
        {
            case InputFormat.Hetrec:
            {
                using FileStream input = File.OpenRead(options.Input);
                using FileStream? artists = options.ArtistsFile is null ? null : File.OpenRead(options.ArtistsFile);
                return HetrecReader.Read(input, artists, collector, rejects, Path.GetFileName(options.Input)) - 1;   // the header is not a row
            }
            case InputFormat.Parquet:
                return ParquetInteractionReader.Read(options.Input, options.ParquetColumns, collector, rejects);
            default:
                throw new ArgumentOutOfRangeException(nameof(options), options.Format, "Not an input format read here.");
        }
    }

    /// <summary>
    /// The import's columns and chunks, the merged matrix and the filtered one are garbage by now, mostly in the large
    /// object heap, which a collection frees but does not compact. Compacting it once here, before the block writers
    /// allocate, keeps the peak memory near what is live (on the 360K data: ~1.3 GB without, measured) at the cost of
    /// one full collection (~0.1–0.3 s).
    /// </summary>
    private static void CompactBeforeWriting()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>Users × artists with duplicate pairs summed; fails loudly if a sum leaves float32's exact range.</summary>
    private static CsrMatrix Merge(InteractionCollector collector, out int merged)
    {
        float[] plays = new float[collector.Count];
        ReadOnlySpan<int> source = collector.Plays;
        for (int i = 0; i < plays.Length; i++) plays[i] = source[i];
        CsrMatrix matrix = CsrMatrix.FromCoordinates(collector.UserIds.Count, collector.ArtistNames.Count, collector.Users, collector.Items, plays, out merged);
        for (int user = 0; user < matrix.Rows; user++)
        {
            ReadOnlySpan<float> values = matrix.RowValues(user);
            for (int j = 0; j < values.Length; j++)
            {
                if (values[j] <= RejectReasons.MaxPlays) continue;
                int artist = matrix.RowColumns(user)[j];
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"User '{collector.UserIds[user]}' and artist '{collector.ArtistNames[artist]}': duplicate rows sum to {values[j]:F0} plays, above {RejectReasons.MaxPlays} (float32 exactness)."));
            }
        }
        return matrix;
    }

    /// <summary>
    /// Writes the blocks cut by <paramref name="bounds"/> on <see cref="PrepareOptions.Threads"/> threads; each block's files
    /// are recorded in block order, so the manifest lists them the same way for any thread count.
    /// </summary>
    private static List<BlockInfo> WriteBlocks(PrepareOptions options, int[] bounds, List<FileInfoRecord> files,
        Func<int, int, int, List<FileInfoRecord>, BlockInfo> write)
    {
        int blocks = bounds.Length - 1;
        var infos = new BlockInfo[blocks];
        var blockFiles = new List<FileInfoRecord>[blocks];
        Parallel.For(0, blocks, new ParallelOptions { MaxDegreeOfParallelism = options.Threads }, block =>
        {
            blockFiles[block] = [];
            infos[block] = write(block, bounds[block], bounds[block + 1] - bounds[block], blockFiles[block]);
        });
        foreach (List<FileInfoRecord> written in blockFiles) files.AddRange(written);
        return [.. infos];
    }

    /// <summary>Writes rows [first, first + count) of <paramref name="matrix"/> as (key, other, plays) and records the file; returns its rows.</summary>
    private static long WriteBlock(string output, string relative, string keyColumn, string otherColumn, CsrMatrix matrix, int first, int count,
        List<FileInfoRecord> files)
    {
        int start = matrix.RowPointers[first], end = matrix.RowPointers[first + count], rows = end - start;
        var keys = new int[rows];
        for (int row = first, position = 0; row < first + count; row++)
            for (int j = matrix.RowPointers[row]; j < matrix.RowPointers[row + 1]; j++) keys[position++] = row;
        int[] plays = new int[rows];
        for (int i = 0; i < rows; i++) plays[i] = (int)matrix.Values[start + i];
        WriteParquet(output, relative, [new DataField<int>(keyColumn, false), new DataField<int>(otherColumn, false), new DataField<int>("plays", false)], files,
            rowGroup => rowGroup * RowsPerGroup < rows || (rowGroup == 0 && rows == 0)
                ? Slice(rowGroup * RowsPerGroup, Math.Min(RowsPerGroup, rows - rowGroup * RowsPerGroup))
                : null);
        return rows;

        object[] Slice(int offset, int length) =>
            [keys.AsMemory(offset, length), matrix.ColumnIndices.AsMemory(start + offset, length), plays.AsMemory(offset, length)];
    }

    private static void WriteIdMaps(string output, FilterResult filtered, InteractionCollector collector, List<FileInfoRecord> files)
    {
        string?[] userIds = [.. filtered.UserMap.Select(user => collector.UserIds[user])];
        WriteParquet(output, DatasetLayout.Users, [new DataField<int>("user_index", false), new DataField<string>("user_sha1", false)], files,
            rowGroup => rowGroup == 0 ? [Enumerable.Range(0, filtered.UserMap.Length).ToArray(), userIds] : null);
        string?[] mbids = [.. filtered.ItemMap.Select(item => collector.ArtistMbids[item])];
        string?[] names = [.. filtered.ItemMap.Select(item => collector.ArtistNames[item])];
        WriteParquet(output, DatasetLayout.Items,
            [new DataField<int>("item_index", false), new DataField<string>("artist_mbid", true), new DataField<string>("artist_name", false)], files,
            rowGroup => rowGroup == 0 ? [Enumerable.Range(0, filtered.ItemMap.Length).ToArray(), mbids, names] : null);
    }

    /// <summary>Writes one file, row group by row group (<paramref name="rowGroup"/> returns null past the last), and records its size and CRC-32.</summary>
    private static void WriteParquet(string output, string relative, DataField[] fields, List<FileInfoRecord> files, Func<int, object[]?> rowGroup)
    {
        string path = Path.Combine(output, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var stream = new ChecksumStream(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20));
        using (var writer = new ParquetTableWriter(stream, relative, fields, WrittenBy))
            for (int group = 0; rowGroup(group) is { } columns; group++) writer.WriteRowGroup(columns);
        files.Add(new FileInfoRecord(relative, stream.Written, stream.Crc.ToString("x8", CultureInfo.InvariantCulture)));
    }

    private static void WriteManifest(string output, DatasetManifest manifest)
    {
        string path = Path.Combine(output, DatasetLayout.Manifest), temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(manifest, DatasetManifest.JsonOptions) + "\n");
        File.Move(temporary, path, overwrite: true);
    }
}
