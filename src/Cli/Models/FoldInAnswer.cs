using Data.Models;

namespace Cli.Models;

/// <summary>A folded-in listener, as <c>als fold-in --json</c> prints it and <c>POST /fold-in</c> answers it.</summary>
/// <param name="Lines">Entries given (lines of the file, or plays of the request).</param>
/// <param name="KnownArtists">The artists the model knows, most played first.</param>
/// <param name="UnknownCount">How many artists the model does not know.</param>
/// <param name="UnknownArtists">Those artists, as given.</param>
/// <param name="Factors">The listener's factor row xᵤ.</param>
/// <param name="Recommendations">Its best artists, its own left out.</param>
internal sealed record FoldInAnswer(int Lines, IReadOnlyList<PlayedArtist> KnownArtists, int UnknownCount, IReadOnlyList<string> UnknownArtists,
    float[] Factors, IReadOnlyList<ArtistScore> Recommendations)
{
    /// <summary>Folds <paramref name="history"/> into <paramref name="model"/> and recommends <paramref name="count"/> artists.</summary>
    /// <exception cref="CommandProblem">None of the artists is in the model.</exception>
    public static FoldInAnswer Create(TrainedModel model, ListeningHistory history, int count, string source)
    {
        if (history.Items.Length == 0)
            throw new CommandProblem($"none of the {history.Unknown.Count} artists of {source} is in the model: {string.Join(", ", history.Unknown)}.");
        FoldedInListener listener = model.FoldIn(history, count);
        return new(history.Lines, PlayedArtist.MostPlayed(model, history.Items, history.Plays, history.Items.Length), history.Unknown.Count,
            history.Unknown, listener.Factors, listener.Recommendations);
    }
}
