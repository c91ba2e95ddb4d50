using System.CommandLine;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als recommend</c>: a user's most played artists (from the dataset's training rows) and the model's top-N
/// artists for them, the artists they already listened to left out (<see cref="TrainedModel.Recommend"/>).
/// </summary>
internal static class RecommendCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var user = new Option<string>("--user") { Description = "The user: its id (user_sha1 of the dataset) or its index.", Required = true };
        var count = ModelOptions.Count("recommendations (and most played artists)");
        var json = ModelOptions.Json();
        var data = ModelOptions.Data();
        var command = new Command("recommend", "Top-N artists for a user of the model, already-listened artists removed.") { model, user, count, json, data };
        command.SetAction(parse => ModelCommand.Run(parse, "recommend", () =>
        {
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model), parse.GetValue(data));
            SavedModel saved = trained.Saved;
            int userIndex = ModelCommand.FindUser(trained.Lookup, parse.GetRequiredValue(user));
            (int[] items, float[] plays) = ModelCommand.History(trained, userIndex, parse.InvocationConfiguration.Error, "recommend");
            int n = parse.GetValue(count);
            List<PlayedArtist> played = MostPlayed(trained, items, plays, n);
            IReadOnlyList<ArtistScore> recommendations = trained.Recommend(userIndex, n, filterAlreadyListened: true);
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    user_index = userIndex,
                    user_sha1 = saved.UserIds[userIndex],
                    listened_artists = items.Length,
                    most_played = played,
                    recommendations,
                }, ModelCommand.Json));
                return ExitCodes.Success;
            }
            console.WriteLine($"User {saved.UserIds[userIndex]} (index {userIndex}): {items.Length} artists in the training data.");
            console.Write(ArtistTables.Played("Most played", played));
            console.Write(ArtistTables.Ranked("Recommended (already listened removed)", recommendations, "score"));
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>The <paramref name="count"/> artists with the most plays, ties by artist index.</summary>
    internal static List<PlayedArtist> MostPlayed(TrainedModel model, int[] items, float[] plays, int count)
    {
        int[] order = [.. Enumerable.Range(0, items.Length).OrderByDescending(i => plays[i]).ThenBy(i => items[i]).Take(count)];
        return [.. order.Select(i => new PlayedArtist(items[i], model.Saved.ArtistNames[items[i]], model.Mbid(items[i]), plays[i]))];
    }
}
