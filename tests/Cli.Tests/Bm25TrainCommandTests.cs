using Data.Datasets;
using Data.Models;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Sparse;

namespace Cli.Tests;

/// <summary><c>train --confidence bm25</c> end to end.</summary>
public sealed class Bm25TrainCommandTests
{
    [Fact]
    public async Task Train_with_bm25_confidence_runs_and_ranks_better_than_random_factors()
    {
        using var folder = new TemporaryDirectory();
        string tsv = folder.File("small.tsv"), dataset = folder.File("dataset"), run = folder.File("run");
        Assert.Equal(0, (await CliRunner.RunAsync("synth", "--preset", "small", "--seed", "5", "--out", tsv)).ExitCode);
        (int prepare, _, string prepareError) = await CliRunner.RunAsync("prepare", "--input", tsv, "--out", dataset, "--user-blocks", "2", "--item-blocks", "2");
        Assert.True(prepare == 0, prepareError);

        (int train, string output, string error) = await CliRunner.RunAsync("train", "--data", dataset, "--out", run,
            "--factors", "16", "--iterations", "4", "--confidence", "BM25", "--alpha", "2");
        Assert.True(train == 0, error + output);
        SavedModel model = ModelStore.Load(run);
        Assert.Equal(ConfidenceMode.Bm25, model.Info.Parameters.Confidence);
        Assert.Equal(model.Info.Users, model.Info.Parameters.Bm25!.UserLengths.Length);   // saved with the model for fold-in and explain

        PreparedDataset data = PreparedDataset.Open(dataset);
        CsrMatrix trainRows = data.LoadTrain(), test = data.LoadTest();
        int[] users = RankingEvaluator.SampleUsers(test, 0, 1);
        RankingMetrics trained = RankingEvaluator.EvaluateModel(model.Model.UserFactors, model.Model.ItemFactors, trainRows, test, users, 10, 1);
        RankingMetrics random = RankingEvaluator.EvaluateModel(FactorMatrix.Random(data.Users, 16, 99), FactorMatrix.Random(data.Items, 16, 98),
            trainRows, test, users, 10, 1);
        Assert.True(trained.Ndcg > 2 * random.Ndcg && trained.Precision > 2 * random.Precision,
            $"bm25 NDCG@10 {trained.Ndcg:F4}, P@10 {trained.Precision:F4}; random {random.Ndcg:F4}, {random.Precision:F4}");

        // explain re-solves the user's row with the saved BM25 statistics: its contributions must add up to the fresh score.
        int user = users[0], item = trainRows.RowColumns(user)[0];
        (int explain, string explained, string explainError) = await CliRunner.RunAsync("explain", "--model", run, "--user", model.UserIds[user],
            "--artist", model.ArtistMbids[item] ?? model.ArtistNames[item], "--json");
        Assert.True(explain == 0, explainError);
        using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(explained);
        Assert.True(json.RootElement.GetProperty("consistent").GetBoolean(), explained);
    }
}
