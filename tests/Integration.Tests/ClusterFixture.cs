using Data.Models;

namespace Integration.Tests;

/// <summary>
/// Shared by the multi-process tests: a prepared dataset (the <c>20k</c> synthetic preset) and an undisturbed reference
/// run of <c>als train</c> (a one-node cluster), whose final factors every disturbed run must equal bit for bit.
/// </summary>
public sealed class ClusterFixture : IDisposable
{
    /// <summary>The training options every run of these tests uses (same seed, same blocks).</summary>
    public static readonly string[] TrainOptions = ["--iterations", "5", "--seed", "5", "--eval-users", "2000", "--keep-checkpoints", "2"];

    private readonly TemporaryDirectory _folder = new();

    /// <summary>Prepares the data and trains the reference.</summary>
    public ClusterFixture()
    {
        Run("synth", "--preset", "20k", "--seed", "3", "--out", _folder.File("plays.tsv"));
        Run("prepare", "--input", _folder.File("plays.tsv"), "--out", Dataset);
        Run([.. new[] { "train", "--data", Dataset, "--out", _folder.File("reference") }, .. TrainOptions]);
        Reference = ModelStore.Load(_folder.File("reference"));
    }

    /// <summary>The dataset folder.</summary>
    public string Dataset => _folder.File("dataset");

    /// <summary>The reference run's folder (read it, never write into it).</summary>
    public string ReferenceRun => _folder.File("reference");

    /// <summary>The reference run's model.</summary>
    public SavedModel Reference { get; }

    /// <summary>A TCP port free on the loopback now, for a coordinator that workers join.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A fresh folder path for a test's run.</summary>
    public string NewRunFolder(string name) => _folder.File(name + "-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>Asserts that the run in <paramref name="runFolder"/> ended with exactly the reference factors.</summary>
    public void AssertSameAsReference(string runFolder)
    {
        SavedModel model = ModelStore.Load(runFolder);
        Assert.Equal(Reference.Info.Iterations, model.Info.Iterations);
        Assert.True(Reference.Model.UserFactors.Values.SequenceEqual(model.Model.UserFactors.Values), "user factors differ from the undisturbed run");
        Assert.True(Reference.Model.ItemFactors.Values.SequenceEqual(model.Model.ItemFactors.Values), "item factors differ from the undisturbed run");
        Assert.Equal(Losses(_folder.File("reference")), Losses(runFolder));
    }

    private static double?[] Losses(string runFolder) =>
        [.. Data.Runs.RunDirectory.ReadMetrics(Path.Combine(runFolder, Data.Runs.RunDirectory.MetricsFile)).Select(row => row.Loss)];

    /// <inheritdoc/>
    public void Dispose()
    {
        _folder.Dispose();
    }

    private static void Run(params string[] arguments)
    {
        using AlsProcess process = AlsProcess.Start(arguments[0], arguments);
        int code = process.WaitForExit(TimeSpan.FromMinutes(5)).GetAwaiter().GetResult();
        if (code != 0) throw new InvalidOperationException($"als {string.Join(' ', arguments)} failed ({code}):\n{process.Output}");
    }
}

/// <summary>The multi-process tests run one at a time (two cores).</summary>
[CollectionDefinition(Name)]
public sealed class ClusterGroup : ICollectionFixture<ClusterFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "cluster";
}
