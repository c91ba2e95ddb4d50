using System.Text.RegularExpressions;
using Data.Synthetic;
using Linalg.Sparse;

namespace Data.Tests.Synthetic;

public sealed partial class SyntheticGeneratorTests
{
    private static readonly SyntheticSpec Small = SyntheticSpec.For(SyntheticPreset.Small);

    [Fact]
    public void Same_seed_gives_the_same_matrix_for_any_thread_count_and_another_seed_differs()
    {
        CsrMatrix one = new SyntheticGenerator(Small, 7).BuildMatrix(1);
        CsrMatrix three = new SyntheticGenerator(Small, 7).BuildMatrix(3);
        Assert.Equal(one.RowPointers, three.RowPointers);
        Assert.Equal(one.ColumnIndices, three.ColumnIndices);
        Assert.Equal(one.Values, three.Values);
        CsrMatrix other = new SyntheticGenerator(Small, 8).BuildMatrix(2);
        Assert.False(other.ColumnIndices.AsSpan().SequenceEqual(one.ColumnIndices));
    }

    [Fact]
    public void Scaling_the_users_keeps_the_first_users_and_the_per_user_shape()
    {
        SyntheticSpec doubled = Small.ScaleUsers(2);
        Assert.Equal(2 * Small.Users, doubled.Users);
        Assert.Equal(Small.Artists, doubled.Artists);
        Assert.Same(Small, Small.ScaleUsers(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Small.ScaleUsers(0));
        CsrMatrix original = new SyntheticGenerator(Small, 7).BuildMatrix(2);
        CsrMatrix scaled = new SyntheticGenerator(doubled, 7).BuildMatrix(2);
        Assert.Equal(doubled.Users, scaled.Rows);
        for (int user = 0; user < Small.Users; user++)
            Assert.Equal(original.RowColumns(user).ToArray(), scaled.RowColumns(user).ToArray());
        // The added users follow the same distributions: their mean activity is the original users' within 5%.
        double originalMean = (double)original.NonZeros / original.Rows;
        double addedMean = (double)(scaled.NonZeros - original.NonZeros) / (scaled.Rows - original.Rows);
        Assert.InRange(addedMean / originalMean, 0.95, 1.05);
    }

    [Fact]
    public void A_user_generated_alone_equals_its_row_in_the_matrix()
    {
        var generator = new SyntheticGenerator(Small, 7);
        CsrMatrix matrix = generator.BuildMatrix(2);
        var buffer = new UserBuffer();
        foreach (int user in new[] { 0, 17, 1999 })
        {
            int count = generator.GenerateUser(user, buffer);
            Assert.Equal(generator.ActivityOf(user), count);
            Assert.Equal(matrix.RowColumns(user).ToArray(), buffer.Artists.ToArray());
            Assert.Equal(matrix.RowValues(user).ToArray(), buffer.Plays.ToArray().Select(p => (float)p).ToArray());
        }
    }

    [Theory]
    [InlineData(SyntheticPreset.Small, 2_000, 5_000, 90_000, 110_000)]
    [InlineData(SyntheticPreset.Users20K, 20_000, 67_000, 1_250_000, 1_450_000)]
    public void Presets_have_the_stated_sizes_and_a_Last_fm_shape(SyntheticPreset preset, int users, int artists, int minRows, int maxRows)
    {
        var generator = new SyntheticGenerator(SyntheticSpec.For(preset), 42);
        CsrMatrix matrix = generator.BuildMatrix(2);
        matrix.Validate();                                                   // artists distinct and ascending per user
        Assert.Equal(users, matrix.Rows);
        Assert.Equal(artists, matrix.Columns);
        Assert.InRange(matrix.NonZeros, minRows, maxRows);

        int[] activity = [.. Enumerable.Range(0, users).Select(matrix.RowLength).Order()];
        double expectedMedian = SyntheticSpec.For(preset).ActivityMedian;
        Assert.InRange(activity[users / 2], expectedMedian * 0.9, expectedMedian * 1.1);
        Assert.InRange(activity[^1], 3 * expectedMedian, 600);               // a long tail: up to several hundred at scale

        Assert.All(matrix.Values, plays => Assert.True(plays >= 1));
        Assert.True(matrix.Values.Max() >= 10_000, $"max plays {matrix.Values.Max()}");

        // Popularity power law: the top 1% of artists hold a large share of rows, far above their 1%.
        int[] listeners = new int[artists];
        foreach (int artist in matrix.ColumnIndices) listeners[artist]++;
        long top = listeners.OrderDescending().Take(artists / 100).Sum(count => (long)count);
        Assert.InRange(top / (double)matrix.NonZeros, 0.10, 0.60);
        Assert.InRange(listeners.Max() / (double)users, 0.05, 0.5);          // the top artist reaches a minority of users
    }

    [Fact]
    public void Users_concentrate_on_their_taste_groups()
    {
        var generator = new SyntheticGenerator(Small, 42);
        var buffer = new UserBuffer();
        long inTaste = 0, total = 0;
        for (int user = 0; user < 300; user++)
        {
            int count = generator.GenerateUser(user, buffer);
            for (int j = 0; j < count; j++)
            {
                total++;
                if (buffer.Groups.Contains(generator.GroupOf(buffer.Artists[j]))) inTaste++;
            }
        }
        // 80% of picks come from the user's groups, plus chance hits of the global picks: far above 3/20 by chance.
        Assert.InRange(inTaste / (double)total, 0.75, 0.95);
    }

    [Fact]
    public void Identities_have_the_real_files_formats()
    {
        var identities = new SyntheticIdentities(42, 0.01);
        Assert.Matches(Sha1(), identities.UserSha1(0));
        Assert.NotEqual(identities.UserSha1(0), identities.UserSha1(1));
        Assert.Equal(identities.UserSha1(5), new SyntheticIdentities(42, 0.01).UserSha1(5));

        string[] mbids = [.. Enumerable.Range(0, 20_000).Select(identities.ArtistMbid)];
        double missing = mbids.Count(string.IsNullOrEmpty) / (double)mbids.Length;
        Assert.InRange(missing, 0.007, 0.013);
        Assert.All(mbids.Where(m => m.Length > 0), mbid => Assert.Matches(Uuid(), mbid));

        string[] names = [.. Enumerable.Range(0, 20_000).Select(identities.ArtistName)];
        Assert.All(names, name => Assert.False(name.Length == 0 || name.AsSpan().IndexOfAny('\t', '\r', '\n') >= 0, $"bad name '{name}'"));
        Assert.Contains(names, name => name.Any(c => c > 127));             // accents, Cyrillic, CJK
        Assert.Contains(names, name => name.Contains('"'));
        Assert.Contains(names, name => name.Contains(','));
        Assert.Contains(names, name => name.Contains('&'));
        Assert.Contains(names, name => name.Any(c => c is >= '\u0400' and <= '\u04FF'));
        Assert.Contains(names, name => name.Any(c => c >= '\u3040'));
        Assert.True(names.Distinct().Count() > names.Length * 0.5, "names are mostly distinct");
    }

    [Fact]
    public void Preset_names_parse_and_unknown_names_list_the_valid_ones()
    {
        Assert.Equal(SyntheticPreset.Users360K, SyntheticSpec.ParsePreset("360K"));
        var error = Assert.Throws<ArgumentException>(() => SyntheticSpec.ParsePreset("huge"));
        Assert.Contains("small, 20k and 360k", error.Message);
        Assert.Equal(358_868, SyntheticSpec.For(SyntheticPreset.Users360K).Users);
        Assert.Equal(160_112, SyntheticSpec.For(SyntheticPreset.Users360K).Artists);
    }

    [Fact]
    public void The_360k_preset_has_about_17_5_million_rows()
    {
        // Counting activity alone (the first draw of each user's stream) is cheap; the rows equal these counts.
        var generator = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Users360K), 42);
        long rows = 0;
        for (int user = 0; user < generator.Spec.Users; user++) rows += generator.ActivityOf(user);
        Assert.InRange(rows, 17_000_000, 18_000_000);
    }

    [GeneratedRegex("^[0-9a-f]{40}$")]
    private static partial Regex Sha1();

    [GeneratedRegex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")]
    private static partial Regex Uuid();
}
