using Data.Models;

namespace Cli.Tests;

/// <summary>
/// Issue 16, item 2: the README's "Using a model from .NET" through the public API only (what a project that references
/// src/Data can call), on the tiny model: load, look up by id, name and MBID, recommend with and without candidates, batch,
/// similar, explain, fold-in by index and by name, search. Each answer is checked against another public path to it.
/// </summary>
public sealed class LibraryUsageTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public void The_readme_example_runs_on_the_public_api()
    {
        TrainedModel model = TrainedModel.Load(tiny.Run);
        string sha1 = tiny.Model.UserIds[11];
        int user = model.Lookup.FindUser(sha1) ?? throw new InvalidOperationException("the user's id was not found");
        Assert.Equal(11, user);

        IReadOnlyList<ArtistScore> top = model.Recommend(user, 10);
        Assert.Equal(10, top.Count);
        (int[] listened, _) = model.History(user);
        Assert.DoesNotContain(top, entry => listened.Contains(entry.ItemIndex));
        Assert.True(top.Zip(top.Skip(1)).All(pair => pair.First.Score >= pair.Second.Score));

        int[] candidates = [.. top.Select(entry => entry.ItemIndex).Reverse().Take(4)];
        IReadOnlyList<ArtistScore> picked = model.Recommend(user, 3, filterAlreadyListened: false, candidates: candidates);
        Assert.Equal(top.Where(entry => candidates.Contains(entry.ItemIndex)).Take(3).Select(entry => entry.ItemIndex), picked.Select(entry => entry.ItemIndex));
        IReadOnlyList<IReadOnlyList<ArtistScore>> some = model.RecommendBatch([user, 0, user], 3, candidates: candidates);
        Assert.Equal(picked.Select(entry => entry.ItemIndex), some[0].Select(entry => entry.ItemIndex));
        Assert.Equal(some[0], some[2]);
        Assert.Equal(model.Recommend(0, 3, candidates: candidates), some[1]);
        Assert.Equal(top, model.RecommendBatch([user], 10)[0]);

        int artist = model.Lookup.FindArtist(TinyModel.Name(1).ToUpperInvariant()) ?? throw new InvalidOperationException("the artist's name was not found");
        Assert.Equal(artist, model.Lookup.FindArtist(TinyModel.Mbid(1)));
        IReadOnlyList<ArtistScore> similar = model.SimilarArtists(artist, 5);
        Assert.DoesNotContain(similar, entry => entry.ItemIndex == artist);
        ExplainedScore why = model.Explain(user, artist, 5);
        Assert.True(why.Consistent);
        Assert.Equal(why.SumOfContributions, why.Contributors.Sum(c => c.Value) + why.OtherContributions, 1e-9);

        FoldedInListener byIndex = model.FoldIn(new Dictionary<int, float> { [artist] = 42, [tiny.Item(0)] = 7 }, 10);
        ListeningHistory plays = ListeningHistory.Resolve([(TinyModel.Name(1), 40), (TinyModel.Name(1), 2), ("björk", 7), ("Nobody Known", 3)], model.Lookup);
        Assert.Equal(["Nobody Known"], plays.Unknown);
        Assert.Equal(4, plays.Lines);
        FoldedInListener byName = model.FoldIn(plays, 10);
        Assert.Equal(byIndex.Factors, byName.Factors);
        Assert.Equal(byIndex.Recommendations, byName.Recommendations);

        Assert.Contains(artist, model.Lookup.SearchArtists("the beat", 8));
        Assert.Equal([user], model.Lookup.SearchUsers(sha1, 8));
        model.Preload();
        Assert.Equal(top, model.Recommend(user, 10));                  // the same answers once everything is built up front
    }

    [Fact]
    public void Resolve_refuses_an_empty_list_and_bad_plays_naming_the_entry()
    {
        var lookup = new ModelLookup(tiny.Model);
        Assert.Contains("no plays", Assert.Throws<ArgumentException>(() => ListeningHistory.Resolve([], lookup)).Message, StringComparison.Ordinal);
        Assert.Contains("play 2", Assert.Throws<ArgumentException>(() => ListeningHistory.Resolve([(TinyModel.Name(1), 4), (TinyModel.Name(2), 0)], lookup)).Message,
            StringComparison.Ordinal);
        Assert.Contains("play 1", Assert.Throws<ArgumentException>(() => ListeningHistory.Resolve([(" ", 4)], lookup)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Search_finds_users_by_id_prefix_and_artists_by_mbid_prefix_and_substring()
    {
        var lookup = new ModelLookup(tiny.Model);
        string prefix = tiny.Model.UserIds[20][..3];
        int[] expected = [.. Enumerable.Range(0, TinyModel.Users).Where(user => tiny.Model.UserIds[user].StartsWith(prefix, StringComparison.Ordinal))
            .OrderBy(user => tiny.Model.UserIds[user], StringComparer.Ordinal)];
        Assert.Equal(expected, lookup.SearchUsers(prefix, 100));
        Assert.Equal(expected.Take(1), lookup.SearchUsers(prefix, 1));
        Assert.Empty(lookup.SearchUsers("  ", 5));
        Assert.Equal([tiny.Item(6)], lookup.SearchArtists(TinyModel.Mbid(6), 1));
        IReadOnlyList<int> threes = lookup.SearchArtists("3", 100);                    // no name starts with "3": substrings, by index
        int[] withThree = [.. Enumerable.Range(0, TinyModel.Artists).Where(item => tiny.Model.ArtistNames[item].Contains('3', StringComparison.Ordinal))];
        Assert.Equal(withThree.Order(), threes.Order());
        IReadOnlyList<int> prefixed = lookup.SearchArtists("artist 1", 100);           // prefix matches, in name order, before substrings
        string[] names = [.. prefixed.Select(item => tiny.Model.ArtistNames[item])];
        Assert.Equal(names.Order(StringComparer.Ordinal), names.Take(names.Length));
        Assert.All(names, name => Assert.StartsWith("Artist 1", name, StringComparison.Ordinal));
        Assert.Throws<ArgumentOutOfRangeException>(() => lookup.SearchArtists("a", 0));
    }
}
