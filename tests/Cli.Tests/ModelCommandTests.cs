using System.Text.Json;
using Linalg.Dense;
using MathNet.Numerics.LinearAlgebra;

namespace Cli.Tests;

/// <summary>recommend, similar, explain and fold-in on a tiny trained model, each answer recomputed densely in the test.</summary>
public sealed class ModelCommandTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    /// <summary>Scores are float32 dot products of k = 8: the dense double versions agree to ~1e-6.</summary>
    private const double ScoreTolerance = 1e-5;

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement.Clone();

    private static void AssertSameRanking((int Item, double Score)[] expected, JsonElement list)
    {
        JsonElement[] rows = [.. list.EnumerateArray()];
        Assert.Equal(expected.Length, rows.Length);
        for (int slot = 0; slot < rows.Length; slot++)
        {
            Assert.Equal(slot + 1, rows[slot].GetProperty("rank").GetInt32());
            Assert.Equal(expected[slot].Item, rows[slot].GetProperty("item_index").GetInt32());
            Assert.Equal(expected[slot].Score, rows[slot].GetProperty("score").GetDouble(), ScoreTolerance);
        }
    }

    [Fact]
    public async Task Recommend_lists_the_most_played_artists_and_the_brute_force_top_n_without_listened_ones()
    {
        const int user = 5;
        string sha1 = tiny.Model.UserIds[user];
        (int code, string output, string error) = await CliRunner.RunAsync("recommend", "--model", tiny.Run, "--user", sha1, "-n", "10", "--json");
        Assert.True(code == 0, error);
        JsonElement json = Json(output);
        Assert.Equal(user, json.GetProperty("user_index").GetInt32());
        Assert.Equal(sha1, json.GetProperty("user_sha1").GetString());

        int[] played = tiny.Train.RowColumns(user).ToArray();
        float[] plays = tiny.Train.RowValues(user).ToArray();
        int[] mostPlayed = [.. Enumerable.Range(0, played.Length).OrderByDescending(i => plays[i]).ThenBy(i => played[i]).Take(10).Select(i => played[i])];
        Assert.Equal(mostPlayed, json.GetProperty("most_played").EnumerateArray().Select(e => e.GetProperty("item_index").GetInt32()));
        JsonElement first = json.GetProperty("most_played")[0];
        Assert.Equal(plays.Max(), first.GetProperty("plays").GetSingle());
        Assert.Equal(tiny.Model.ArtistNames[mostPlayed[0]], first.GetProperty("artist_name").GetString());

        var expected = BruteForce.Top(BruteForce.Widen(tiny.Model.Model.UserFactors.Row(user)), tiny.Model.Model.ItemFactors, played, 10);
        AssertSameRanking(expected, json.GetProperty("recommendations"));
        JsonElement top = json.GetProperty("recommendations")[0];
        Assert.Equal(tiny.Model.ArtistNames[expected[0].Item], top.GetProperty("artist_name").GetString());
        Assert.Equal(tiny.Model.ArtistMbids[expected[0].Item] ?? "", top.GetProperty("artist_mbid").GetString());

        (int byIndex, string indexOutput, _) = await CliRunner.RunAsync("recommend", "--model", tiny.Run, "--user", "5", "-n", "10", "--json");
        Assert.Equal(0, byIndex);
        Assert.Equal(output, indexOutput);

        (int table, string tableOutput, _) = await CliRunner.RunAsync("recommend", "--model", tiny.Run, "--user", "5");
        Assert.Equal(0, table);
        Assert.Contains("Most played", tableOutput);
        Assert.Contains(tiny.Model.ArtistNames[expected[0].Item], tableOutput);
    }

    [Theory]
    [InlineData("recommend")]
    [InlineData("explain")]
    public async Task An_unknown_user_is_one_clear_line_and_exit_code_2(string command)
    {
        string[] args = command == "explain"
            ? ["explain", "--model", tiny.Run, "--user", "no-such-user", "--artist", TinyModel.Name(2)]
            : ["recommend", "--model", tiny.Run, "--user", "no-such-user"];
        (int code, string output, string error) = await CliRunner.RunAsync(args);
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("unknown user 'no-such-user'", error);
        Assert.Equal("", output);

        (int outOfRange, _, string rangeError) = await CliRunner.RunAsync("recommend", "--model", tiny.Run, "--user", TinyModel.Users.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(ExitCodes.UsageError, outOfRange);
        Assert.Contains("index below 60", rangeError);
    }

    [Fact]
    public async Task A_folder_without_a_model_is_exit_code_2()
    {
        (int code, _, string error) = await CliRunner.RunAsync("similar", "--model", tiny.NewFolder(), "--artist", "x");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("holds no trained model", error);
    }

    [Fact]
    public async Task Similar_by_name_or_mbid_equals_brute_force_cosine()
    {
        int item = tiny.Item(0);
        (int code, string output, string error) = await CliRunner.RunAsync("similar", "--model", tiny.Run, "--artist", "  BJÖRK ", "-n", "6", "--json");
        Assert.True(code == 0, error);
        JsonElement json = Json(output);
        Assert.Equal(item, json.GetProperty("item_index").GetInt32());
        FactorMatrix items = tiny.Model.Model.ItemFactors;
        (int Item, double Score)[] expected = [.. Enumerable.Range(0, items.Rows).Where(j => j != item).Select(j => (j, BruteForce.Cosine(items, item, j)))
            .OrderByDescending(p => p.Item2).ThenBy(p => p.j).Take(6)];
        AssertSameRanking(expected, json.GetProperty("similar"));

        string mbid = TinyModel.Mbid(0).ToUpperInvariant();
        (int byMbid, string mbidOutput, _) = await CliRunner.RunAsync("similar", "--model", tiny.Run, "--artist", mbid, "-n", "6", "--json");
        Assert.Equal(0, byMbid);
        Assert.Equal(output, mbidOutput);
    }

    [Fact]
    public async Task An_unknown_artist_name_suggests_the_closest_names_with_exit_code_2()
    {
        (int code, _, string error) = await CliRunner.RunAsync("similar", "--model", tiny.Run, "--artist", "Bjork");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("no artist 'Bjork'", error);
        Assert.Contains("Did you mean: 'Björk'", error);                       // edit distance 1 comes first

        (int typo, _, string typoError) = await CliRunner.RunAsync("similar", "--model", tiny.Run, "--artist", "artst 17");
        Assert.Equal(ExitCodes.UsageError, typo);
        Assert.Contains("Did you mean: 'Artist 17'", typoError);

        (int prefix, _, string prefixError) = await CliRunner.RunAsync("similar", "--model", tiny.Run, "--artist", "the beat");
        Assert.Equal(ExitCodes.UsageError, prefix);
        Assert.Contains("Did you mean: 'The Beatles'", prefixError);            // a prefix beats any edit distance
    }

    [Fact]
    public async Task Explain_contributions_are_the_dense_decomposition_and_sum_to_the_freshly_solved_score()
    {
        const int user = 7;
        int[] played = tiny.Train.RowColumns(user).ToArray();
        float[] plays = tiny.Train.RowValues(user).ToArray();
        FactorMatrix items = tiny.Model.Model.ItemFactors;
        int item = BruteForce.Top(BruteForce.Widen(tiny.Model.Model.UserFactors.Row(user)), items, played, 1)[0].Item;
        (int code, string output, string error) = await CliRunner.RunAsync("explain", "--model", tiny.Run, "--user", "7",
            "--artist", tiny.Model.ArtistNames[item], "-n", "1000", "--json");
        Assert.True(code == 0, error);
        JsonElement json = Json(output);

        // Dense oracle: W = (YᵀCY + λI)⁻¹, contribution_j = yᵢᵀWyⱼ·c_j, x = Wb.
        (Matrix<double> a, Vector<double> b, Vector<double> confidence) = BruteForce.System(items, played, plays, TinyModel.Options);
        Matrix<double> w = a.Inverse();
        Vector<double> yi = Vector<double>.Build.Dense(BruteForce.Widen(items.Row(item)));
        double exact = yi * (w * b);
        JsonElement[] contributors = [.. json.GetProperty("contributors").EnumerateArray()];
        Assert.Equal(played.Length, contributors.Length);
        double previous = double.PositiveInfinity;
        foreach (JsonElement contributor in contributors)
        {
            int j = contributor.GetProperty("item_index").GetInt32();
            double expected = yi * (w * Vector<double>.Build.Dense(BruteForce.Widen(items.Row(j)))) * confidence[j];
            Assert.Equal(expected, contributor.GetProperty("value").GetDouble(), 1e-9);
            Assert.True(contributor.GetProperty("value").GetDouble() <= previous);     // largest first
            previous = contributor.GetProperty("value").GetDouble();
        }
        Assert.Equal(exact, json.GetProperty("sum_of_contributions").GetDouble(), 1e-9);
        Assert.Equal(exact, json.GetProperty("fresh_score").GetDouble(), 1e-5);
        Assert.True(json.GetProperty("consistent").GetBoolean());
        Assert.Equal(BruteForce.Dot(BruteForce.Widen(tiny.Model.Model.UserFactors.Row(user)), items.Row(item).ToArray()),
            json.GetProperty("stored_score").GetDouble(), ScoreTolerance);

        (int table, string tableOutput, _) = await CliRunner.RunAsync("explain", "--model", tiny.Run, "--user", "7", "--artist", tiny.Model.ArtistNames[item], "-n", "3");
        Assert.Equal(0, table);
        Assert.Contains("equal (checked)", tableOutput);
        Assert.Contains($"{played.Length - 3} other artists contribute", tableOutput);
    }

    [Fact]
    public async Task Fold_in_solves_the_new_listener_exactly_and_reports_unknown_artists()
    {
        string folder = tiny.NewFolder(), file = Path.Combine(folder, "me.tsv");
        await File.WriteAllTextAsync(file,
            "artist\tplays\n" +
            "björk\t30\n" +                                            // a name in another case
            TinyModel.Mbid(5).ToUpperInvariant() + "\t12\n" +         // an MBID
            "Artist 9\t4\n" +
            "Nobody Known\t3\n" +
            "\n" +
            "Artist 9\t6\n" +                                          // repeated: plays add up
            "Also Unknown\t1\n");
        (int code, string output, string error) = await CliRunner.RunAsync("fold-in", "--model", tiny.Run, "--plays", file, "-n", "8", "--json");
        Assert.True(code == 0, error);
        JsonElement json = Json(output);
        Assert.Equal(6, json.GetProperty("lines").GetInt32());                 // data lines: header and blank line excluded
        Assert.Equal(2, json.GetProperty("unknown_count").GetInt32());
        Assert.Equal(["Nobody Known", "Also Unknown"], json.GetProperty("unknown_artists").EnumerateArray().Select(e => e.GetString()));

        int[] known = [.. new[] { tiny.Item(0), tiny.Item(5), tiny.Item(9) }.Order()];
        float[] plays = [.. known.Select(i => i == tiny.Item(0) ? 30f : i == tiny.Item(5) ? 12f : 10f)];
        Assert.Equal(known.Order(), json.GetProperty("known_artists").EnumerateArray().Select(e => e.GetProperty("item_index").GetInt32()).Order());
        Assert.Equal(10f, json.GetProperty("known_artists").EnumerateArray().Single(e => e.GetProperty("item_index").GetInt32() == tiny.Item(9)).GetProperty("plays").GetSingle());

        double[] x = BruteForce.Solve(tiny.Model.Model.ItemFactors, known, plays, TinyModel.Options);
        double[] factors = [.. json.GetProperty("factors").EnumerateArray().Select(e => e.GetDouble())];
        Assert.Equal(x.Length, factors.Length);
        for (int d = 0; d < x.Length; d++) Assert.Equal(x[d], factors[d], 1e-5);
        AssertSameRanking(BruteForce.Top(x, tiny.Model.Model.ItemFactors, known, 8), json.GetProperty("recommendations"));

        (int table, string tableOutput, _) = await CliRunner.RunAsync("fold-in", "--model", tiny.Run, "--plays", file);
        Assert.Equal(0, table);
        Assert.Contains("3 artists known to the model, 2 unknown: Nobody Known, Also Unknown", tableOutput);
    }

    [Fact]
    public async Task Fold_in_refuses_a_file_without_known_artists_or_with_a_bad_line()
    {
        string folder = tiny.NewFolder();
        await File.WriteAllTextAsync(Path.Combine(folder, "none.tsv"), "Nobody\t3\n");
        (int none, _, string noneError) = await CliRunner.RunAsync("fold-in", "--model", tiny.Run, "--plays", Path.Combine(folder, "none.tsv"));
        Assert.Equal(ExitCodes.UsageError, none);
        Assert.Contains("none of the 1 artists", noneError);

        await File.WriteAllTextAsync(Path.Combine(folder, "bad.tsv"), "Artist 2\t3\nArtist 4\tmany\n");
        (int bad, _, string badError) = await CliRunner.RunAsync("fold-in", "--model", tiny.Run, "--plays", Path.Combine(folder, "bad.tsv"));
        Assert.Equal(ExitCodes.UsageError, bad);
        Assert.Contains("line 2: plays 'many' is not a whole number", badError);
    }
}
