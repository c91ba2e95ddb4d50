using Data.Models;

namespace Cli.Tests;

/// <summary>
/// Issue 16, item 2: the model as a library (<see cref="TrainedModel"/>), checked against dense brute force on the tiny
/// model: the same answers the commands give, plus the batch, the candidate filter and listened artists kept on request.
/// </summary>
public sealed class TrainedModelTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    /// <summary>float32 dot products of k = 8 against their double versions.</summary>
    private const double ScoreTolerance = 1e-5;

    private static void AssertRanking((int Item, double Score)[] expected, IReadOnlyList<ArtistScore> actual)
    {
        Assert.Equal(expected.Select(entry => entry.Item), actual.Select(entry => entry.ItemIndex));
        Assert.Equal(Enumerable.Range(1, actual.Count), actual.Select(entry => entry.Rank));
        for (int slot = 0; slot < actual.Count; slot++) Assert.Equal(expected[slot].Score, actual[slot].Score, ScoreTolerance);
    }

    private double[] UserRow(int user) => BruteForce.Widen(tiny.Model.Model.UserFactors.Row(user));

    [Fact]
    public void Recommend_leaves_out_listened_artists_unless_asked_and_ranks_only_the_candidates_given()
    {
        TrainedModel model = TrainedModel.Load(tiny.Run);
        const int user = 7;
        int[] listened = tiny.Train.RowColumns(user).ToArray();
        (int[] history, float[] plays) = model.History(user);
        Assert.Equal(listened, history);
        Assert.Equal(tiny.Train.RowValues(user).ToArray(), plays);

        AssertRanking(BruteForce.Top(UserRow(user), tiny.Model.Model.ItemFactors, listened, 10), model.Recommend(user, 10));
        AssertRanking(BruteForce.Top(UserRow(user), tiny.Model.Model.ItemFactors, [], 10), model.Recommend(user, 10, filterAlreadyListened: false));

        int[] candidates = [3, 17, 17, listened[0], 25, 38, 0];                         // a repeat and a listened artist among them
        int[] allowed = [.. candidates.Distinct().Where(item => !listened.Contains(item))];
        int[] others = [.. Enumerable.Range(0, TinyModel.Artists).Except(allowed)];
        IReadOnlyList<ArtistScore> filtered = model.Recommend(user, 4, filterAlreadyListened: true, candidates);
        AssertRanking(BruteForce.Top(UserRow(user), tiny.Model.Model.ItemFactors, others, 4), filtered);
        Assert.Equal(tiny.Model.ArtistNames[filtered[0].ItemIndex], filtered[0].ArtistName);
        Assert.Equal(tiny.Model.ArtistMbids[filtered[0].ItemIndex] ?? "", filtered[0].ArtistMbid);

        Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend(user, 4, candidates: [TinyModel.Artists]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend(TinyModel.Users, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Recommend(user, 0));
    }

    [Fact]
    public void A_batch_gives_every_user_the_list_recommend_gives_alone()
    {
        TrainedModel model = TrainedModel.Load(tiny.Run);
        int[] users = [59, 0, 31, 0, 12];
        IReadOnlyList<IReadOnlyList<ArtistScore>> lists = model.RecommendBatch(users, 6);
        Assert.Equal(users.Length, lists.Count);
        for (int query = 0; query < users.Length; query++)
        {
            AssertRanking(BruteForce.Top(UserRow(users[query]), tiny.Model.Model.ItemFactors, tiny.Train.RowColumns(users[query]).ToArray(), 6), lists[query]);
            Assert.Equal(model.Recommend(users[query], 6).Select(entry => entry.ItemIndex), lists[query].Select(entry => entry.ItemIndex));
        }
        AssertRanking(BruteForce.Top(UserRow(31), tiny.Model.Model.ItemFactors, [], 6), model.RecommendBatch([31], 6, filterAlreadyListened: false)[0]);

        int[] candidates = [2, 9, 9, 14, 21, 33, 36, 39, 0];                            // a repeat among them
        IReadOnlyList<IReadOnlyList<ArtistScore>> picked = model.RecommendBatch(users, 4, filterAlreadyListened: true, candidates);
        for (int query = 0; query < users.Length; query++)
        {
            int[] listened = tiny.Train.RowColumns(users[query]).ToArray();
            int[] others = [.. Enumerable.Range(0, TinyModel.Artists).Where(item => !candidates.Contains(item) || listened.Contains(item))];
            AssertRanking(BruteForce.Top(UserRow(users[query]), tiny.Model.Model.ItemFactors, others, 4), picked[query]);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => model.RecommendBatch([0], 4, candidates: [TinyModel.Artists]));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.RecommendBatch([0, -1], 6));
    }

    [Fact]
    public void Similar_artists_are_the_largest_cosines_and_an_explanation_adds_up_to_the_fresh_score()
    {
        TrainedModel model = TrainedModel.Load(tiny.Run);
        int item = tiny.Item(1);
        (int Item, double Score)[] expected = [.. Enumerable.Range(0, TinyModel.Artists).Where(other => other != item)
            .Select(other => (other, BruteForce.Cosine(tiny.Model.Model.ItemFactors, item, other))).OrderByDescending(entry => entry.Item2).Take(5)];
        AssertRanking(expected, model.SimilarArtists(item, 5));

        const int user = 3;
        int[] played = tiny.Train.RowColumns(user).ToArray();
        ExplainedScore explained = model.Explain(user, item, 3);
        double[] fresh = BruteForce.Solve(tiny.Model.Model.ItemFactors, played, tiny.Train.RowValues(user).ToArray(), TinyModel.Options);
        Assert.True(explained.Consistent);
        Assert.Equal(BruteForce.Dot(fresh, tiny.Model.Model.ItemFactors.Row(item).ToArray()), explained.FreshScore, 1e-5);
        Assert.Equal(explained.FreshScore, explained.SumOfContributions, 1e-4);
        Assert.Equal(3, explained.Contributors.Count);
        Assert.Equal(played.Length, explained.UserArtists);
        Assert.Equal(explained.SumOfContributions, explained.Contributors.Sum(c => c.Value) + explained.OtherContributions, 1e-9);
    }

    [Fact]
    public void Fold_in_solves_the_row_exactly_and_recommends_around_the_given_artists()
    {
        TrainedModel model = TrainedModel.Load(tiny.Run);
        var plays = new Dictionary<int, float> { [tiny.Item(9)] = 10, [tiny.Item(0)] = 30, [tiny.Item(5)] = 12 };
        FoldedInListener listener = model.FoldIn(plays, 8);
        int[] known = [.. plays.Keys.Order()];
        double[] x = BruteForce.Solve(tiny.Model.Model.ItemFactors, known, [.. known.Select(item => plays[item])], TinyModel.Options);
        for (int d = 0; d < x.Length; d++) Assert.Equal(x[d], listener.Factors[d], 1e-5);
        AssertRanking(BruteForce.Top(x, tiny.Model.Model.ItemFactors, known, 8), listener.Recommendations);

        Assert.Throws<ArgumentException>(() => model.FoldIn(new Dictionary<int, float>(), 8));
        Assert.Throws<ArgumentException>(() => model.FoldIn(new Dictionary<int, float> { [1] = 0 }, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.FoldIn(new Dictionary<int, float> { [TinyModel.Artists] = 3 }, 8));
    }
}
