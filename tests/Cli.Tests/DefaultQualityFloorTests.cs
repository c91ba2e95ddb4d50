using System.Text.Json;
using Linalg.Als;

namespace Cli.Tests;

/// <summary>
/// Issue 16's floor, pinned cheaply on the small synthetic preset: default <c>train</c>, then <c>evaluate --at 10</c> on
/// every test user, beats the popularity and item-KNN BM25 baselines in P@10 and NDCG@10 (measured: ALS 0.230, item-KNN
/// BM25 0.145, popularity 0.053). The old defaults (linear,
/// α = 1, λ = 0.1) fail it on this data (P@10 0.138 against item-KNN BM25's 0.145), so the test can fail; the full
/// table on HetRec and the 20k preset is <c>bench/quality/run.sh</c>'s.
/// </summary>
public sealed class DefaultQualityFloorTests : IDisposable
{
    private readonly TemporaryDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Default_train_beats_popularity_and_item_knn_bm25_at_10_on_every_test_user()
    {
        string tsv = _folder.File("small.tsv"), dataset = _folder.File("dataset"), run = _folder.File("run");
        (int synth, _, string synthError) = await CliRunner.RunAsync("synth", "--preset", "small", "--seed", "11", "--out", tsv);
        Assert.True(synth == ExitCodes.Success, synthError);
        (int prepare, string prepareOutput, string prepareError) = await CliRunner.RunAsync("prepare", "--input", tsv, "--out", dataset);
        Assert.True(prepare == ExitCodes.Success, prepareError + prepareOutput);
        (int train, string trainOutput, string trainError) = await CliRunner.RunAsync("train", "--data", dataset, "--out", run, "--no-eval");
        Assert.True(train == ExitCodes.Success, trainError + trainOutput);
        Assert.Contains(FormattableString.Invariant($"lambda = {AlsDefaults.Regularization}, alpha = {AlsDefaults.Alpha}, confidence bm25"), trainOutput, StringComparison.Ordinal);

        (int evaluate, string json, string evaluateError) = await CliRunner.RunAsync("evaluate", "--model", run, "--at", "10", "--json");
        Assert.True(evaluate == ExitCodes.Success, evaluateError);
        using JsonDocument document = JsonDocument.Parse(json);
        Assert.Equal(document.RootElement.GetProperty("test_users").GetInt32(), document.RootElement.GetProperty("users").GetInt32());   // all of them
        Dictionary<string, (double Precision, double Ndcg)> at10 = document.RootElement.GetProperty("models").EnumerateArray().ToDictionary(
            model => model.GetProperty("name").GetString()!,
            model => (model.GetProperty("metrics")[0].GetProperty("precision").GetDouble(), model.GetProperty("metrics")[0].GetProperty("ndcg").GetDouble()));
        (double precision, double ndcg) = at10["ALS"];
        foreach (string baseline in new[] { "popularity", "item-knn bm25" })
        {
            Assert.True(precision > at10[baseline].Precision, $"P@10: ALS {precision:F4}, {baseline} {at10[baseline].Precision:F4}");
            Assert.True(ndcg > at10[baseline].Ndcg, $"NDCG@10: ALS {ndcg:F4}, {baseline} {at10[baseline].Ndcg:F4}");
        }
    }
}
