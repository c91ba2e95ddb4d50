using System.Text.Json.Nodes;
using Data.Runs;

namespace Cli.Tests;

/// <summary>
/// Issue 17, item 8: a damaged project file (manifest.json, model.json, metrics.jsonl, baseline.json, an edited
/// counts.users, a model without its dataset field) is one sentence naming the file and the field, and a non-zero exit
/// code (1, or 2 where the file is a dataset named by the user that does not fit the model).
/// </summary>
public sealed class DamagedFileMessageTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public async Task A_manifest_field_of_the_wrong_type_is_named_with_its_file()
    {
        (string run, string dataset) = tiny.Copy();
        string manifest = Path.Combine(dataset, "manifest.json");
        JsonNode node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["counts"]!["users"] = "sixty";
        File.WriteAllText(manifest, node.ToJsonString());
        string error = await Fails("recommend", "--model", run, "--data", dataset, "--user", "0");
        Assert.Contains("manifest.json", error, StringComparison.Ordinal);
        Assert.Contains("counts.users", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_user_count_is_named_instead_of_an_index_out_of_range()
    {
        (string run, string dataset) = tiny.Copy();
        string manifest = Path.Combine(dataset, "manifest.json");
        JsonNode node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["counts"]!["users"] = 10;
        File.WriteAllText(manifest, node.ToJsonString());
        string error = await Fails("evaluate", "--model", run, "--data", dataset);
        Assert.Contains("manifest.json", error, StringComparison.Ordinal);
        Assert.Contains("counts.users is 10", error, StringComparison.Ordinal);
        Assert.DoesNotContain("IndexOutOfRange", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_refuses_a_dataset_without_training_rows()
    {
        (string run, string dataset) = tiny.Copy();
        string manifest = Path.Combine(dataset, "manifest.json");
        JsonNode node = JsonNode.Parse(File.ReadAllText(manifest))!;
        node["counts"]!["train_rows"] = 0;
        File.WriteAllText(manifest, node.ToJsonString());
        string error = await Fails("train", "--data", dataset, "--out", Path.Combine(Path.GetDirectoryName(run)!, "new-run"), "--workers", "1", "--stall-timeout", "30");
        Assert.Contains("holds no training row", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_without_its_dataset_field_is_named()
    {
        (string run, string dataset) = tiny.Copy();
        string model = Path.Combine(run, "model", "model.json");
        JsonObject node = JsonNode.Parse(File.ReadAllText(model))!.AsObject();
        Assert.True(node.Remove("dataset"));
        File.WriteAllText(model, node.ToJsonString());
        string error = await Fails("recommend", "--model", run, "--data", dataset, "--user", "0");
        Assert.Contains("model.json", error, StringComparison.Ordinal);
        Assert.Contains("'dataset'", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_json_in_model_json_names_the_file_and_line()
    {
        (string run, _) = tiny.Copy();
        string model = Path.Combine(run, "model", "model.json");
        File.WriteAllText(model, "{\n  \"format_version\": 1,\n  \"created_utc\": nope\n}");
        string error = await Fails("similar", "--model", run, "--artist", TinyModel.Name(2));
        Assert.Contains("model.json is damaged", error, StringComparison.Ordinal);
        Assert.Contains("line 3", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_metrics_line_and_a_bad_baseline_are_named_with_their_files()
    {
        (string run, string dataset) = tiny.Copy();
        string metrics = Path.Combine(run, RunDirectory.MetricsFile);
        File.AppendAllText(metrics, "{\"iteration\": \"two\"}\n");
        string error = await Fails("report", "--model", run, "--data", dataset, "--out", Path.Combine(run, "r.html"));
        Assert.Contains($"{RunDirectory.MetricsFile}, line 2", error, StringComparison.Ordinal);
        Assert.Contains("iteration", error, StringComparison.Ordinal);

        File.WriteAllText(metrics, File.ReadAllLines(metrics)[0] + "\n");
        File.WriteAllText(Path.Combine(run, RunDirectory.BaselineFile), "{\"precision\": [1]}");
        error = await Fails("report", "--model", run, "--data", dataset, "--out", Path.Combine(run, "r.html"));
        Assert.Contains(RunDirectory.BaselineFile, error, StringComparison.Ordinal);
    }

    private static async Task<string> Fails(params string[] arguments)
    {
        (int code, _, string error) = await CliRunner.RunAsync(arguments);
        Assert.True(code is ExitCodes.Failure or ExitCodes.UsageError, $"exit code {code}: {error}");
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
        return error;
    }
}
