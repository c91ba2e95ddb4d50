using System.Text.Json;
using System.Text.Json.Nodes;
using Data.Datasets;
using Data.Models;

namespace Cli.Tests;

/// <summary>
/// model.json records its dataset relative to the run folder, so a run folder copied or moved together with its
/// dataset (same relative layout) works with every model command without <c>--data</c>; an older model.json with an
/// absolute path is still read; a dataset that is gone is one sentence naming the folder and <c>--data</c>.
/// </summary>
public sealed class RelocatableModelTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    public static TheoryData<string> Commands() => ["recommend", "explain", "evaluate", "fold-in", "export", "report"];

    /// <summary>The commands that read the dataset (fold-in needs only the model).</summary>
    public static TheoryData<string> DatasetCommands() => ["recommend", "explain", "evaluate", "export", "report"];

    [Fact]
    public void Model_json_records_the_dataset_relative_to_the_run_folder()
    {
        (string run, _) = Trained(tiny.NewFolder());
        Assert.Equal("../dataset", DatasetField(run));
    }

    [Theory, MemberData(nameof(Commands))]
    public async Task A_run_moved_together_with_its_dataset_works_without_data(string command)
    {
        string first = tiny.NewFolder();
        Trained(first);
        string moved = tiny.NewFolder();
        Directory.Delete(moved);
        Directory.Move(first, moved);                                  // nothing is left where the run was trained
        (int code, string output, string error) = await CliRunner.RunAsync(Arguments(command, Path.Combine(moved, "run")));
        Assert.True(code == ExitCodes.Success, $"{command}: {error}{output}");
        Assert.DoesNotContain(first, error + output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_older_model_json_with_an_absolute_dataset_path_is_still_read()
    {
        (string run, string dataset) = Trained(tiny.NewFolder());
        SetDatasetField(run, dataset);
        Assert.Equal(dataset, ModelStore.Load(run).Info.Dataset);
        (int code, _, string error) = await CliRunner.RunAsync(Arguments("recommend", run));
        Assert.True(code == ExitCodes.Success, error);
    }

    [Theory, MemberData(nameof(DatasetCommands))]
    public async Task A_run_whose_dataset_is_gone_names_the_folder_and_data(string command)
    {
        (string run, string dataset) = Trained(tiny.NewFolder());
        Directory.Delete(dataset, recursive: true);
        (int code, _, string error) = await CliRunner.RunAsync(Arguments(command, run));
        Assert.Equal(ExitCodes.UsageError, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Assert.Contains($"The dataset {dataset} is missing", line, StringComparison.Ordinal);
        Assert.Contains("--data", line, StringComparison.Ordinal);
    }

    /// <summary>A run folder with a model saved on its own copy of the dataset, side by side in <paramref name="folder"/>.</summary>
    private (string Run, string Dataset) Trained(string folder)
    {
        string run = Path.Combine(folder, "run"), dataset = Path.Combine(folder, "dataset");
        TinyModel.CopyFolder(tiny.Dataset, dataset);
        ModelStore.Save(run, tiny.Model.Model, TinyModel.Options.Iterations, PreparedDataset.Open(dataset));
        File.Copy(Path.Combine(tiny.Copy().Run, Data.Runs.RunDirectory.MetricsFile), Path.Combine(run, Data.Runs.RunDirectory.MetricsFile));   // report reads it
        return (run, dataset);
    }

    private static string[] Arguments(string command, string run)
    {
        string folder = Path.GetDirectoryName(run)!, plays = Path.Combine(folder, "plays.tsv");
        File.WriteAllText(plays, $"{TinyModel.Name(2)}\t3\n{TinyModel.Name(5)}\t7\n");
        return command switch
        {
            "recommend" => ["recommend", "--model", run, "--user", "0"],
            "explain" => ["explain", "--model", run, "--user", "0", "--artist", TinyModel.Name(2)],
            "evaluate" => ["evaluate", "--model", run, "--eval-users", "10"],
            "fold-in" => ["fold-in", "--model", run, "--plays", plays],
            "export" => ["export", "--model", run, "--out", Path.Combine(folder, "exported")],
            "report" => ["report", "--model", run, "--out", Path.Combine(folder, "r.html"), "--eval-users", "10"],
            _ => throw new ArgumentOutOfRangeException(nameof(command), command, null),
        };
    }

    private static string ModelJson(string run) => Path.Combine(run, ModelStore.Folder, "model.json");

    private static string? DatasetField(string run) => JsonNode.Parse(File.ReadAllText(ModelJson(run)))!["dataset"]!.GetValue<string>();

    private static void SetDatasetField(string run, string dataset)
    {
        JsonNode node = JsonNode.Parse(File.ReadAllText(ModelJson(run)))!;
        node["dataset"] = dataset;
        File.WriteAllText(ModelJson(run), node.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }
}
