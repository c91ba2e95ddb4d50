using Data.Models;

namespace Cli.Models;

/// <summary>One of a user's artists with its play count (<c>most_played</c>, <c>known_artists</c> in the JSON).</summary>
internal sealed record PlayedArtist(int ItemIndex, string ArtistName, string ArtistMbid, float Plays)
{
    /// <summary>The <paramref name="count"/> artists of a history with the most plays, ties by artist index.</summary>
    public static List<PlayedArtist> MostPlayed(TrainedModel model, int[] items, float[] plays, int count)
    {
        int[] order = [.. Enumerable.Range(0, items.Length).OrderByDescending(i => plays[i]).ThenBy(i => items[i]).Take(count)];
        return [.. order.Select(i => new PlayedArtist(items[i], model.Saved.ArtistNames[items[i]], model.Mbid(items[i]), plays[i]))];
    }
}
