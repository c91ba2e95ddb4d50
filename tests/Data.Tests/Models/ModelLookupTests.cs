using Data.Models;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Training;

namespace Data.Tests.Models;

/// <summary>Finding users and artists by what a person types, suggestions, and the fold-in plays file.</summary>
public sealed class ModelLookupTests
{
    private static SavedModel Model(string[] users, string?[] mbids, string[] names)
    {
        var options = new AlsOptions { Factors = 2 };
        var info = new ModelInfo(ModelStore.FormatVersion, DateTime.UnixEpoch, options, users.Length, names.Length, 1, "dataset", "00000000");
        return new SavedModel(info, new AlsModel(new FactorMatrix(users.Length, 2), new FactorMatrix(names.Length, 2), options), users, mbids, names);
    }

    private static readonly SavedModel Sample = Model(["aaa", "3", "bbb", "ccc"],
        ["11111111-2222-3333-4444-555555555555", null, "66666666-7777-8888-9999-000000000000", ""],
        ["Björk", "Sigur  Rós", "Björk", "The Beatles"]);

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("abc", "abc", 0)]
    [InlineData("flaw", "lawn", 2)]
    public void Edit_distance_is_levenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, ModelLookup.EditDistance(a, b));
        Assert.Equal(expected, ModelLookup.EditDistance(b, a));
    }

    [Fact]
    public void A_user_id_wins_over_an_index_and_indices_beyond_the_users_are_unknown()
    {
        var lookup = new ModelLookup(Sample);
        Assert.Equal(1, lookup.FindUser("3"));                 // user id "3" is user 1, not index 3
        Assert.Equal(2, lookup.FindUser(" bbb "));
        Assert.Equal(0, lookup.FindUser("0"));
        Assert.Null(lookup.FindUser("4"));
        Assert.Null(lookup.FindUser("-1"));
        Assert.Null(lookup.FindUser("zzz"));
    }

    [Fact]
    public void Artists_are_found_by_mbid_or_normalised_name_and_suggested_when_unknown()
    {
        var lookup = new ModelLookup(Sample);
        Assert.Equal([2], lookup.FindArtists("66666666-7777-8888-9999-000000000000".ToUpperInvariant()));
        Assert.Equal([0, 2], lookup.FindArtists(" BJÖRK"));      // two artists share the name
        Assert.Equal([1], lookup.FindArtists("sigur rós"));
        Assert.Empty(lookup.FindArtists("Bjork"));
        Assert.Equal(["Björk", "Sigur  Rós", "The Beatles"], lookup.SuggestArtists("Bjork"));   // each spelling once, by edit distance (1, 8, 10)
        Assert.Equal("The Beatles", lookup.SuggestArtists("the b", 1).Single());
    }

    [Fact]
    public void The_plays_file_sums_repeats_lists_unknown_artists_and_names_bad_lines()
    {
        using var folder = new TemporaryDirectory();
        var lookup = new ModelLookup(Sample);
        File.WriteAllText(folder.File("ok.tsv"), "name\tcount\nthe beatles\t5\nNobody\t1\n\nThe  Beatles\t7\nsigur rós\t2\nNobody\t9\n");
        ListeningHistory history = ListeningHistory.Read(folder.File("ok.tsv"), lookup);
        Assert.Equal([1, 3], history.Items);
        Assert.Equal([2f, 12f], history.Plays);
        Assert.Equal(["Nobody"], history.Unknown);
        Assert.Equal(5, history.Lines);

        File.WriteAllText(folder.File("zero.tsv"), "Björk\t0\n");
        Assert.Contains("zero.tsv, line 1: plays is 0", Assert.Throws<Data.Failures.InvalidInputException>(() => ListeningHistory.Read(folder.File("zero.tsv"), lookup)).Message);
        File.WriteAllText(folder.File("fields.tsv"), "sigur rós\t1\nBjörk 2\n");
        Assert.Contains("line 2: 1 tab-separated fields", Assert.Throws<Data.Failures.InvalidInputException>(() => ListeningHistory.Read(folder.File("fields.tsv"), lookup)).Message);
        File.WriteAllText(folder.File("shared.tsv"), "sigur rós\t1\nbjörk\t3\n");               // issue 16: two artists share the name
        string shared = Assert.Throws<Data.Failures.InvalidInputException>(() => ListeningHistory.Read(folder.File("shared.tsv"), lookup)).Message;
        Assert.Contains("shared.tsv, line 2: the name 'björk' belongs to 2 artists", shared, StringComparison.Ordinal);
        Assert.Contains("index 0", shared, StringComparison.Ordinal);
        Assert.Contains("index 2", shared, StringComparison.Ordinal);
        File.WriteAllText(folder.File("header-only.tsv"), "artist\tplays\n");
        Assert.Contains("no line of artist TAB plays", Assert.Throws<Data.Failures.InvalidInputException>(() => ListeningHistory.Read(folder.File("header-only.tsv"), lookup)).Message);
    }
}
