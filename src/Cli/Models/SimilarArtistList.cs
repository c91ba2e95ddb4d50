using Data.Models;

namespace Cli.Models;

/// <summary>An artist and the artists most similar to it, as <c>als similar --json</c> prints them and <c>GET /similar</c> answers them.</summary>
/// <param name="ItemIndex">The artist's row in the model.</param>
/// <param name="ArtistName">Its name.</param>
/// <param name="ArtistMbid">Its MBID ("" when none).</param>
/// <param name="Similar">The most similar artists, by cosine of the item factors.</param>
internal sealed record SimilarArtistList(int ItemIndex, string ArtistName, string ArtistMbid, IReadOnlyList<ArtistScore> Similar)
{
    /// <summary>The <paramref name="count"/> artists most similar to <paramref name="item"/>.</summary>
    public static SimilarArtistList Create(TrainedModel model, int item, int count) =>
        new(item, model.Saved.ArtistNames[item], model.Mbid(item), model.SimilarArtists(item, count));
}
