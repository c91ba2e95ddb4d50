using Data.Datasets;
using Xunit.Abstractions;

namespace Integration.Tests;

/// <summary>
/// A disk that fills up during training, on real processes and a real small filesystem (tmpfs in a mount namespace of
/// the process): the store's disk in the middle of a half-step, and the run folder's disk while the model is written.
/// Each run ends within a bounded time with a non-zero exit, a sentence naming the full disk and how to resume, and no
/// stack trace.
/// </summary>
[Collection(ClusterGroup.Name)]
public sealed class FullDiskTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);

    private const int Factors = 32;

    [Fact]
    public async Task A_store_disk_that_fills_during_a_half_step_fails_the_run_with_the_cause_and_the_resume_command()
    {
        string run = cluster.NewRunFolder("store-full"), store = Path.Combine(run + "-disk", "store");
        PreparedDataset dataset = PreparedDataset.Open(cluster.Dataset);
        long oneIteration = (long)(dataset.Users + dataset.Items) * Factors * sizeof(float);
        // Room for the plan and iteration 0, and half of iteration 1: a block write of iteration 1 meets a full disk.
        using AlsProcess train = AlsProcess.StartOnSmallDisk("train", Path.GetDirectoryName(store)!, oneIteration * 3 / 2 + (1 << 20),
            [.. new[] { "train", "--data", cluster.Dataset, "--out", run, "--store", store, "--factors", "32" }, .. ClusterFixture.TrainOptions]);
        int code = await train.WaitForExit(Bound);
        output.WriteLine(train.Output);
        Assert.NotEqual(0, code);
        Assert.Contains("the disk is full", train.Output);
        Assert.Contains(Path.GetDirectoryName(store)!, train.Output);                     // the file that could not be written
        Assert.Contains("--resume --out " + run, train.Output);
        Assert.DoesNotContain("IOException", train.Output);
        Assert.DoesNotContain("   at ", train.Output);
    }

    [Fact]
    public async Task An_export_onto_a_full_disk_fails_in_one_sentence_and_leaves_no_file_under_a_final_name()
    {
        string disk = cluster.NewRunFolder("export-full"), target = Path.Combine(disk, "export");
        // Room for part of the user factors, not for the three files.
        using AlsProcess export = AlsProcess.StartOnSmallDisk("export", disk, 256 << 10, "export", "--model", cluster.ReferenceRun, "--out", target);
        int code = await export.WaitForExit(Bound);
        output.WriteLine(export.Output);
        Assert.Equal(1, code);
        Assert.Contains("als export: the disk is full", export.Output);
        Assert.DoesNotContain("   at ", export.Output);
        foreach (string file in new[] { "user_factors.parquet", "item_factors.parquet", "recommendations.parquet" })
            Assert.DoesNotContain($"left on the small disk: export/{file} ", export.Output);
    }

    [Fact]
    public async Task A_run_folder_disk_too_small_for_the_model_fails_the_run_naming_the_file()
    {
        string run = Path.Combine(cluster.NewRunFolder("out-full"), "run"), store = cluster.NewRunFolder("out-full-store");
        PreparedDataset dataset = PreparedDataset.Open(cluster.Dataset);
        long model = (long)dataset.Users * Factors * sizeof(float);
        // Room for the run's small files (run.json, metrics, baseline), not for the user factors.
        using AlsProcess train = AlsProcess.StartOnSmallDisk("train", Path.GetDirectoryName(run)!, Math.Min(model / 2, 512 << 10),
            [.. new[] { "train", "--data", cluster.Dataset, "--out", run, "--store", store, "--factors", "32" }, .. ClusterFixture.TrainOptions]);
        int code = await train.WaitForExit(Bound);
        output.WriteLine(train.Output);
        Assert.NotEqual(0, code);
        Assert.Contains("the disk is full", train.Output);
        Assert.Contains(Path.Combine(run, "model"), train.Output);                      // the file that could not be written
        Assert.Contains("--resume --out " + run, train.Output);
        Assert.DoesNotContain("   at ", train.Output);
    }
}
