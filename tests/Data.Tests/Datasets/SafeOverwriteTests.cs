using Data.Datasets;
using Data.Synthetic;

namespace Data.Tests.Datasets;

/// <summary>
/// Issue 17, items 3 and 5: prepare writes beside --out and swaps the dataset in only when complete, never deletes what
/// it did not create, refuses an input inside --out, and one prepare per output runs at a time.
/// </summary>
public sealed class SafeOverwriteTests
{
    /// <summary>errno ENOSPC, the HResult .NET gives an IOException for a full disk on Linux.</summary>
    private const int NoSpace = 28;

    private static string Tsv(TemporaryDirectory folder, string name = "small.tsv")
    {
        string path = folder.File(name);
        using var stream = File.Create(path);
        SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 11), stream, 0, 0);
        return path;
    }

    private static Dictionary<string, byte[]> Snapshot(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).ToDictionary(file => Path.GetRelativePath(folder, file), File.ReadAllBytes);

    private static void AssertSame(Dictionary<string, byte[]> before, string folder)
    {
        Dictionary<string, byte[]> after = Snapshot(folder);
        Assert.Equal(before.Keys.Order(), after.Keys.Order());
        foreach ((string file, byte[] bytes) in before) Assert.True(bytes.AsSpan().SequenceEqual(after[file]), file + " changed");
    }

    private static void AssertNoStagingLeft(TemporaryDirectory folder) =>
        Assert.Empty(Directory.GetDirectories(folder.Path, ".prepare-*"));

    [Fact]
    public void Overwrite_with_a_bad_input_leaves_the_old_dataset_intact()
    {
        using var folder = new TemporaryDirectory();
        string dataset = folder.File("dataset");
        DatasetPreparer.Prepare(new PrepareOptions { Input = Tsv(folder), Output = dataset });
        Dictionary<string, byte[]> before = Snapshot(dataset);
        File.WriteAllText(folder.File("bad.tsv"), string.Concat(Enumerable.Repeat("not the format\n", 20)));
        Assert.Throws<TooManyRejectsException>(() => DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("bad.tsv"), Output = dataset, Overwrite = true }));
        AssertSame(before, dataset);
        AssertNoStagingLeft(folder);
    }

    [Fact]
    public void A_full_disk_before_the_swap_leaves_the_old_dataset_intact_and_no_staging_folder()
    {
        using var folder = new TemporaryDirectory();
        string dataset = folder.File("dataset");
        string input = Tsv(folder);
        DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset });
        Dictionary<string, byte[]> before = Snapshot(dataset);
        DatasetPreparer.BeforeSwap = staging => throw new IOException($"No space left on device : '{staging}'", NoSpace);
        try
        {
            var error = Assert.Throws<IOException>(() => DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset, Overwrite = true, Seed = 7 }));
            Assert.Equal(NoSpace, error.HResult);
        }
        finally
        {
            DatasetPreparer.BeforeSwap = null;
        }
        AssertSame(before, dataset);
        AssertNoStagingLeft(folder);
    }

    [Fact]
    public void Overwrite_keeps_and_reports_foreign_files_and_replaces_only_the_old_datasets_files()
    {
        using var folder = new TemporaryDirectory();
        string dataset = folder.File("dataset");
        string input = Tsv(folder);
        DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset, UserBlocks = 3 });
        File.WriteAllText(Path.Combine(dataset, "notes.txt"), "mine");
        File.WriteAllText(Path.Combine(dataset, "train", "by_user", "keep.me"), "mine too");
        var progress = new RecordingProgress();
        DatasetManifest manifest = DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset, UserBlocks = 1, Overwrite = true }, progress);

        Assert.Equal("mine", File.ReadAllText(Path.Combine(dataset, "notes.txt")));
        Assert.Equal("mine too", File.ReadAllText(Path.Combine(dataset, "train", "by_user", "keep.me")));
        Assert.Contains(progress.Stages, stage => stage.Contains("notes.txt", StringComparison.Ordinal) && stage.Contains("Kept 2", StringComparison.Ordinal));
        Assert.False(Directory.Exists(Path.Combine(dataset, DatasetLayout.TrainByUser(2))[..^"/part-0.parquet".Length]));   // the old third block went
        Assert.Single(manifest.UserBlocks);
        Assert.Equal(manifest.Counts.Users, PreparedDataset.Open(dataset).LoadTrain().Rows);
        AssertNoStagingLeft(folder);
    }

    [Fact]
    public void An_input_inside_the_output_is_refused_and_left_alone()
    {
        using var folder = new TemporaryDirectory();
        string dataset = folder.File("dataset");
        DatasetPreparer.Prepare(new PrepareOptions { Input = Tsv(folder), Output = dataset });
        string inside = Path.Combine(dataset, "train", "input.tsv");
        File.Copy(folder.File("small.tsv"), inside);
        var error = Assert.Throws<ArgumentException>(() => DatasetPreparer.Prepare(new PrepareOptions { Input = inside, Output = dataset, Overwrite = true }));
        Assert.Contains("lies inside the output folder", error.Message);
        Assert.True(File.Exists(inside));
        Assert.True(File.Exists(Path.Combine(dataset, DatasetLayout.Manifest)));
    }

    [Fact]
    public void The_second_of_two_concurrent_prepares_is_refused_with_a_sentence()
    {
        using var folder = new TemporaryDirectory();
        string dataset = folder.File("dataset"), input = Tsv(folder);
        Exception? loser = null;
        DatasetPreparer.BeforeSwap = _ =>
        {
            DatasetPreparer.BeforeSwap = null;
            loser = Record.Exception(() => DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset, Overwrite = true }));
        };
        try
        {
            DatasetPreparer.Prepare(new PrepareOptions { Input = input, Output = dataset });
        }
        finally
        {
            DatasetPreparer.BeforeSwap = null;
        }
        var error = Assert.IsType<IOException>(loser);
        Assert.Contains("Another prepare is writing", error.Message);
        Assert.True(File.Exists(Path.Combine(dataset, DatasetLayout.Manifest)));         // the winner finished
        AssertNoStagingLeft(folder);
    }

    [Fact]
    public void A_folder_as_input_a_nan_reject_fraction_and_an_empty_input_are_refused()
    {
        using var folder = new TemporaryDirectory();
        Assert.Contains("is a folder", Assert.Throws<ArgumentException>(() =>
            DatasetPreparer.Prepare(new PrepareOptions { Input = folder.Path, Output = folder.File("o") })).Message);
        Assert.Contains("--max-reject-fraction", Assert.Throws<ArgumentException>(() =>
            DatasetPreparer.Prepare(new PrepareOptions { Input = Tsv(folder), Output = folder.File("o"), MaxRejectFraction = double.NaN })).Message);
        File.WriteAllText(folder.File("empty.tsv"), "");
        Assert.Contains("no data row", Assert.Throws<InvalidDataException>(() =>
            DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("empty.tsv"), Output = folder.File("o") })).Message);
        Assert.Contains("left after filtering", Assert.Throws<InvalidDataException>(() =>
            DatasetPreparer.Prepare(new PrepareOptions { Input = Tsv(folder), Output = folder.File("o"), Filter = new Data.Interactions.FilterOptions(MinUserItems: 100_000) })).Message);
        Assert.False(Directory.Exists(folder.File("o")));
        AssertNoStagingLeft(folder);
    }

    private sealed class RecordingProgress : IPrepareProgress
    {
        public List<string> Stages { get; } = [];

        public void Stage(string message) => Stages.Add(message);

        public void Reading(long bytesRead, long totalBytes, long rows)
        {
        }
    }
}
