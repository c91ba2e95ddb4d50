using System.Globalization;
using System.Text.Json;
using Data.Evaluation;
using Linalg.Evaluation;
using Linalg.Sparse;

namespace Cli.Tests;

/// <summary>evaluate against the existing evaluator and a dense item-KNN written here; export read back by DuckDB.</summary>
public sealed class EvaluateAndExportCommandTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    private static readonly string[] MetricFields = ["at", "precision", "recall", "ndcg", "map", "hit_rate", "coverage"];

    private static void AssertMetrics(RankingMetrics expected, JsonElement actual, double tolerance)
    {
        Assert.Equal(MetricFields, actual.EnumerateObject().Select(p => p.Name));
        Assert.Equal(expected.Cutoff, actual.GetProperty("at").GetInt32());
        Assert.Equal(expected.Precision, actual.GetProperty("precision").GetDouble(), tolerance);
        Assert.Equal(expected.Recall, actual.GetProperty("recall").GetDouble(), tolerance);
        Assert.Equal(expected.Ndcg, actual.GetProperty("ndcg").GetDouble(), tolerance);
        Assert.Equal(expected.Map, actual.GetProperty("map").GetDouble(), tolerance);
        Assert.Equal(expected.HitRate, actual.GetProperty("hit_rate").GetDouble(), tolerance);
        Assert.Equal(expected.Coverage, actual.GetProperty("coverage").GetDouble(), tolerance);
    }

    /// <summary>Item-item cosine on the raw train matrix, every neighbour kept (40 artists &lt; 100), by the dense oracle.</summary>
    private static int[] DenseKnnTop(CsrMatrix train, int user, int count)
    {
        var plays = new double[train.Rows, train.Columns];
        for (int u = 0; u < train.Rows; u++)
            for (int e = train.RowPointers[u]; e < train.RowPointers[u + 1]; e++) plays[u, train.ColumnIndices[e]] = train.Values[e];
        return [.. DenseItemKnn.Top(plays, DenseItemKnn.Cosine(plays), user, count).Select(p => p.Item)];
    }

    [Fact]
    public async Task Evaluate_matches_the_ranking_evaluator_and_a_dense_item_knn_and_writes_evaluation_json()
    {
        (int code, string output, string error) = await CliRunner.RunAsync("evaluate", "--model", tiny.Run, "--at", "10,1,5", "--json");
        Assert.True(code == 0, error);
        using JsonDocument document = JsonDocument.Parse(output);
        JsonElement json = document.RootElement;
        Assert.Equal(["at", "users", "dataset", "models", "test_users"], json.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 5, 10], json.GetProperty("at").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal(["ALS", "popularity", "item-knn cosine", "item-knn bm25"], json.GetProperty("models").EnumerateArray().Select(m => m.GetProperty("name").GetString()));
        Assert.Equal(Path.GetFullPath(tiny.Dataset), json.GetProperty("dataset").GetString());

        int[] users = RankingEvaluator.SampleUsers(tiny.Test, 0, 0);
        Assert.Equal(users.Length, json.GetProperty("users").GetInt32());
        Assert.Equal(users.Length, json.GetProperty("test_users").GetInt32());
        foreach (JsonElement timed in json.GetProperty("models").EnumerateArray())      // each model's seconds, as measured
        {
            Assert.Equal(["name", "metrics", "fit_seconds", "ranking_seconds", "cpu_seconds"], timed.EnumerateObject().Select(p => p.Name));
            foreach (string field in new[] { "fit_seconds", "ranking_seconds", "cpu_seconds" })
                Assert.InRange(timed.GetProperty(field).GetDouble(), 0, 600);
        }
        Assert.True(users.Length > 50);
        JsonElement[] models = [.. json.GetProperty("models").EnumerateArray()];
        int[] cutoffs = [1, 5, 10];
        for (int c = 0; c < cutoffs.Length; c++)
        {
            AssertMetrics(RankingEvaluator.EvaluateModel(tiny.Model.Model.UserFactors, tiny.Model.Model.ItemFactors, tiny.Train, tiny.Test, users, cutoffs[c], 1),
                models[0].GetProperty("metrics")[c], 0);
            AssertMetrics(RankingEvaluator.EvaluatePopularity(tiny.Train, tiny.Test, users, cutoffs[c]), models[1].GetProperty("metrics")[c], 0);
            var knn = new MetricsAccumulator(cutoffs[c], tiny.Train.Columns);
            foreach (int user in users) knn.Add(DenseKnnTop(tiny.Train, user, cutoffs[c]), tiny.Test.RowColumns(user));
            AssertMetrics(knn.Result(), models[2].GetProperty("metrics")[c], 1e-12);
            double bm25 = models[3].GetProperty("metrics")[c].GetProperty("ndcg").GetDouble();
            Assert.InRange(bm25, 0, 1);
        }

        string file = Path.Combine(tiny.Run, EvaluationReport.FileName);
        Assert.Equal(output.Trim(), (await File.ReadAllTextAsync(file)).Trim());
        EvaluationReport report = EvaluationReport.Read(file);
        Assert.Equal(4, report.Models.Count);

        // A sample leaves the full evaluation.json alone (issue 16: the report showed a 100-user sample) unless --out names a file.
        (int table, string tableOutput, _) = await CliRunner.RunAsync("evaluate", "--model", tiny.Run, "--eval-users", "20", "--seed", "3");
        Assert.Equal(0, table);
        Assert.Contains("item-knn bm25", tableOutput);
        Assert.Contains("20 test users", tableOutput);
        Assert.Contains("ranking", tableOutput);
        Assert.Contains("written for full evaluations only", tableOutput);
        Assert.Equal(users.Length, EvaluationReport.Read(file).Users);
        Assert.Equal([1, 5, 10], EvaluationReport.Read(file).At);

        string sampleFile = Path.Combine(tiny.NewFolder(), "sub", "sample.json");
        (int sampled, string sampledOutput, string sampledError) = await CliRunner.RunAsync("evaluate", "--model", tiny.Run, "--eval-users", "20", "--out", sampleFile);
        Assert.True(sampled == 0, sampledError);
        Assert.Contains(sampleFile, sampledOutput);
        Assert.Equal(20, EvaluationReport.Read(sampleFile).Users);
        Assert.Equal([1, 5, 10, 15, 20], EvaluationReport.Read(sampleFile).At);
        Assert.Equal(users.Length, EvaluationReport.Read(file).Users);
    }

    [Fact]
    public async Task Evaluate_refuses_a_bad_cutoff_list()
    {
        (int code, _, string error) = await CliRunner.RunAsync("evaluate", "--model", tiny.Run, "--at", "5,zero");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("--at must be a comma-separated list", error);
    }

    [Fact]
    public async Task Export_is_read_back_by_duckdb_with_the_same_rows_and_values()
    {
        string folder = Path.Combine(tiny.NewFolder(), "export");
        (int code, string output, string error) = await CliRunner.RunAsync("export", "--model", tiny.Run, "--out", folder, "-n", "5");
        Assert.True(code == 0, error + output);
        string users = DuckDb.Literal(Path.Combine(folder, "user_factors.parquet"));
        string items = DuckDb.Literal(Path.Combine(folder, "item_factors.parquet"));
        string recommendations = DuckDb.Literal(Path.Combine(folder, "recommendations.parquet"));
        var model = tiny.Model;

        Assert.Equal("60", DuckDb.Scalar($"SELECT count(*) FROM read_parquet({users})"));
        Assert.Equal(model.ArtistNames.Length.ToString(CultureInfo.InvariantCulture), DuckDb.Scalar($"SELECT count(*) FROM read_parquet({items})"));
        Assert.Equal(model.ArtistMbids.Count(m => !string.IsNullOrEmpty(m)).ToString(CultureInfo.InvariantCulture),
            DuckDb.Scalar($"SELECT count(artist_mbid) FROM read_parquet({items})"));
        Assert.Equal("300", DuckDb.Scalar($"SELECT count(*) FROM read_parquet({recommendations})"));   // 60 users × 5: each has ≥ 25 candidates
        Assert.Equal("user_index,user_sha1,rank,item_index,artist_mbid,artist_name,score",          // issue 16: the MBID tells same-named artists apart
            string.Join(',', DuckDb.Query($"DESCRIBE SELECT * FROM read_parquet({recommendations})").EnumerateArray().Select(row => row.GetProperty("column_name").GetString())));

        JsonElement userRows = DuckDb.Query($"SELECT * FROM read_parquet({users}) ORDER BY user_index");
        int k = model.Model.UserFactors.Factors;
        foreach (JsonElement row in userRows.EnumerateArray())
        {
            int user = row.GetProperty("user_index").GetInt32();
            Assert.Equal(model.UserIds[user], row.GetProperty("user_sha1").GetString());
            for (int d = 0; d < k; d++)
                Assert.Equal(model.Model.UserFactors.Row(user)[d], (float)row.GetProperty("f" + d.ToString(CultureInfo.InvariantCulture)).GetDouble());
        }
        Assert.Equal(60, userRows.GetArrayLength());

        JsonElement itemRow = DuckDb.Query($"SELECT * FROM read_parquet({items}) WHERE item_index = {tiny.Item(0)}")[0];
        Assert.Equal("Björk", itemRow.GetProperty("artist_name").GetString());
        Assert.Equal(TinyModel.Mbid(0), itemRow.GetProperty("artist_mbid").GetString());
        Assert.Equal(model.Model.ItemFactors.Row(tiny.Item(0))[k - 1], (float)itemRow.GetProperty("f" + (k - 1).ToString(CultureInfo.InvariantCulture)).GetDouble());
        Assert.Equal(JsonValueKind.Null, DuckDb.Query($"SELECT artist_mbid FROM read_parquet({items}) WHERE item_index = {tiny.Item(3)}")[0].GetProperty("artist_mbid").ValueKind);

        for (int user = 0; user < 60; user += 13)
        {
            (int Item, double Score)[] expected = BruteForce.Top(BruteForce.Widen(model.Model.UserFactors.Row(user)), model.Model.ItemFactors,
                tiny.Train.RowColumns(user).ToArray(), 5);
            JsonElement[] rows = [.. DuckDb.Query($"SELECT * FROM read_parquet({recommendations}) WHERE user_index = {user} ORDER BY rank").EnumerateArray()];
            Assert.Equal(5, rows.Length);
            for (int slot = 0; slot < 5; slot++)
            {
                Assert.Equal(slot + 1, rows[slot].GetProperty("rank").GetInt32());
                Assert.Equal(model.UserIds[user], rows[slot].GetProperty("user_sha1").GetString());
                Assert.Equal(expected[slot].Item, rows[slot].GetProperty("item_index").GetInt32());
                Assert.Equal(model.ArtistNames[expected[slot].Item], rows[slot].GetProperty("artist_name").GetString());
                Assert.Equal(model.ArtistMbids[expected[slot].Item] is { Length: > 0 } mbid ? mbid : null, rows[slot].GetProperty("artist_mbid").GetString());
                Assert.Equal(expected[slot].Score, rows[slot].GetProperty("score").GetDouble(), 1e-5);
            }
        }
        Assert.Contains("300 recommendations", output);
    }
}
