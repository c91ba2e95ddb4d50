using System.CommandLine;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Linalg.Ranking;
using Spectre.Console;

namespace Cli.Commands;

/// <summary><c>als similar</c>: the artists whose factors have the largest cosine with a given artist's.</summary>
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
            SavedModel saved = ModelCommand.Load(parse.GetRequiredValue(model));
            var lookup = new ModelLookup(saved);
            string text = parse.GetRequiredValue(artist);
            int item = ModelCommand.FindArtist(lookup, text);
            TopKResult top = new SimilarItems(saved.Model.ItemFactors).Find([item], parse.GetValue(count), threads: 1);
            List<RecommendedArtist> similar = ModelCommand.Describe(saved, top, 0);
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(new
                {
                    item_index = item,
                    artist_name = saved.ArtistNames[item],
                    artist_mbid = ModelCommand.Mbid(saved, item),
                    similar,
                }, ModelCommand.Json));
                return ExitCodes.Success;
            }
            console.WriteLine($"{saved.ArtistNames[item]} (index {item}{(saved.ArtistMbids[item] is { Length: > 0 } mbid ? ", " + mbid : "")})");
            console.Write(ArtistTables.Ranked("Similar artists", similar, "cosine"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
