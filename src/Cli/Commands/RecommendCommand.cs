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
            (int[] Items, float[] Plays) history = ModelCommand.History(trained, userIndex, parse.InvocationConfiguration.Error, "recommend");
            int n = parse.GetValue(count);
            var answer = UserRecommendations.Create(trained, userIndex, history, n, trained.Recommend(userIndex, n, filterAlreadyListened: true));
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(answer, ModelCommand.Json));
                return ExitCodes.Success;
            }
            console.WriteLine($"User {saved.UserIds[userIndex]} (index {userIndex}): {answer.ListenedArtists} artists in the training data.");
            console.Write(ArtistTables.Played("Most played", answer.MostPlayed));
            console.Write(ArtistTables.Ranked("Recommended (already listened removed)", answer.Recommendations, "score"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
