using System.CommandLine;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Spectre.Console;

namespace Cli.Commands;

/// <summary><c>als similar</c>: the artists whose factors have the largest cosine with a given artist's (<see cref="TrainedModel.SimilarArtists"/>).</summary>
internal static class SimilarCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var artist = new Option<string>("--artist") { Description = "The artist: its name (case and spacing ignored; a name several artists share is refused, listing their MBIDs) or MBID.", Required = true };
        var count = ModelOptions.Count("similar artists");
        var json = ModelOptions.Json();
        var command = new Command("similar", "Artists most similar to an artist (cosine of the item factors).") { model, artist, count, json };
        command.SetAction(parse => ModelCommand.Run(parse, "similar", () =>
        {
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model));
            SavedModel saved = trained.Saved;
            int item = ModelCommand.FindArtist(trained.Lookup, parse.GetRequiredValue(artist));
            var answer = SimilarArtistList.Create(trained, item, parse.GetValue(count));
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(answer, ModelCommand.Json));
                return ExitCodes.Success;
            }
            console.WriteLine($"{saved.ArtistNames[item]} (index {item}{(saved.ArtistMbids[item] is { Length: > 0 } mbid ? ", " + mbid : "")})");
            console.Write(ArtistTables.Ranked("Similar artists", answer.Similar, "cosine"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
