using Coordinator;
using Data.Datasets;
using Data.Store;
using Data.Synthetic;
using Linalg.Als;
using TestSupport;

namespace ActorTestSupport;

/// <summary>
/// A small prepared dataset (the <c>small</c> synthetic preset, 3 user blocks and 2 item blocks) in a temporary
/// folder, and runs planned on it the way <c>als train</c> plans them: plan, initial factors, checkpoint 0.
/// </summary>
public sealed class PlannedRun : IDisposable
{
    /// <summary>The options the actor tests train with: small and quick, every feature on.</summary>
    public static AlsOptions DefaultOptions { get; } = new() { Factors = 8, Iterations = 4, Alpha = 2, Regularization = 0.05f, Seed = 7, Threads = 1 };

    private PlannedRun(TemporaryDirectory folder, PreparedDataset dataset)
    {
        Folder = folder;
        Dataset = dataset;
    }

    /// <summary>The temporary folder holding everything.</summary>
    public TemporaryDirectory Folder { get; }

    /// <summary>The prepared dataset.</summary>
    public PreparedDataset Dataset { get; }

    /// <summary>Generates and prepares the dataset.</summary>
    public static PlannedRun Prepare(int userBlocks = 3, int itemBlocks = 2)
    {
        var folder = new TemporaryDirectory();
        using (FileStream stream = File.Create(folder.File("plays.tsv")))
            SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 11), stream);
        DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("plays.tsv"), Output = folder.File("dataset"), UserBlocks = userBlocks, ItemBlocks = itemBlocks });
        return new PlannedRun(folder, PreparedDataset.Open(folder.File("dataset")));
    }

    /// <summary>Plans a new run named <paramref name="name"/> with its own store and run folder.</summary>
    public (RunPlan Plan, FactorStore Store) Plan(string name, AlsOptions? options = null, int evalUsers = 400, int keepCheckpoints = 3,
        ValidationOptions? validation = null)
    {
        var store = new FactorStore(Folder.File(name + "-store"), cacheBlocks: true);
        RunPlan plan = RunPlanner.Create(Guid.NewGuid(), store, Dataset, Folder.File(name), options ?? DefaultOptions, cutoff: 10, evalUsers, keepCheckpoints, validation);
        return (plan, store);
    }

    /// <inheritdoc/>
    public void Dispose() => Folder.Dispose();
}
