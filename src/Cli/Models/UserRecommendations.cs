using Data.Models;

namespace Cli.Models;

/// <summary>
/// A user's recommendations as <c>als recommend --json</c> prints them and <c>GET /recommend</c> answers them (one type, so
/// the names cannot drift apart).
/// </summary>
/// <param name="UserIndex">The user's row in the model.</param>
/// <param name="UserSha1">Its id.</param>
/// <param name="ListenedArtists">Artists in its training rows.</param>
/// <param name="MostPlayed">Its most played artists (as many as recommendations asked for).</param>
/// <param name="Recommendations">The model's best artists for it.</param>
internal sealed record UserRecommendations(int UserIndex, string UserSha1, int ListenedArtists, IReadOnlyList<PlayedArtist> MostPlayed,
    IReadOnlyList<ArtistScore> Recommendations)
{
    /// <summary>Describes <paramref name="recommendations"/> for <paramref name="user"/>, whose training rows are <paramref name="history"/>.</summary>
    public static UserRecommendations Create(TrainedModel model, int user, (int[] Items, float[] Plays) history, int count,
        IReadOnlyList<ArtistScore> recommendations) =>
        new(user, model.Saved.UserIds[user], history.Items.Length, PlayedArtist.MostPlayed(model, history.Items, history.Plays, count), recommendations);
}
