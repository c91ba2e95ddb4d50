using Data.Datasets;
using Data.Models;
using Data.Synthetic;
using Linalg.Als;
using Linalg.Training;

namespace Data.Tests.Models;

public sealed class ModelStoreTests
{
    [Fact]
    public void A_saved_model_loads_with_its_factors_parameters_and_id_maps()
    {
        using var folder = new TemporaryDirectory();
        using (var stream = File.Create(folder.File("in.tsv")))
            SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 1), stream);
        DatasetPreparer.Prepare(new PrepareOptions { Input = folder.File("in.tsv"), Output = folder.File("dataset") });
        var dataset = PreparedDataset.Open(folder.File("dataset"));
        var options = new AlsOptions { Factors = 8, Iterations = 2, Confidence = ConfidenceMode.Log, Alpha = 3 };
        AlsModel model = new ImplicitAlsTrainer(options).Fit(dataset.LoadTrain());

        ModelStore.Save(folder.File("run"), model, 2, dataset);
        SavedModel loaded = ModelStore.Load(folder.File("run"));

        Assert.Equal(model.UserFactors.Values, loaded.Model.UserFactors.Values);
        Assert.Equal(model.ItemFactors.Values, loaded.Model.ItemFactors.Values);
        Assert.Equal(options with { Threads = loaded.Info.Parameters.Threads }, loaded.Info.Parameters);
        Assert.Equal(2, loaded.Info.Iterations);
        Assert.Equal(dataset.LoadUserIds(), loaded.UserIds);
        Assert.Equal(dataset.LoadItems().Names, loaded.ArtistNames);
        Assert.Contains("\"confidence\": \"log\"", File.ReadAllText(Path.Combine(folder.File("run"), "model", "model.json")));
        Assert.Contains("\"dataset\": \"../dataset\"", File.ReadAllText(Path.Combine(folder.File("run"), "model", "model.json")));   // relative: the run moves with its dataset
        Assert.Equal(Path.GetFullPath(folder.File("dataset")), loaded.Info.Dataset);
    }

    [Fact]
    public void A_run_without_a_model_says_so()
    {
        using var folder = new TemporaryDirectory();
        Assert.Contains("als train", Assert.Throws<InvalidDataException>(() => ModelStore.Load(folder.Path)).Message);
    }
}
