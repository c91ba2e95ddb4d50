using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als explain</c>: which of a user's artists make up the score of an artist (Hu, Koren, Volinsky 2008, section 5):
/// score = ∑ⱼ sᵘᵢⱼcᵤⱼ over the user's artists j, with sᵘᵢⱼ = yᵢᵀWᵘyⱼ and Wᵘ = (YᵀCᵘY + λI)⁻¹ (<see cref="TrainedModel.Explain"/>,
/// which solves the user's factor fresh and checks that the contributions add up to its score).
/// </summary>
internal static class ExplainCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var user = new Option<string>("--user") { Description = "The user: its id (user_sha1) or index.", Required = true };
        var artist = new Option<string>("--artist") { Description = "The artist whose score is explained: name or MBID.", Required = true };
        var count = ModelOptions.Count("contributing artists");
        var json = ModelOptions.Json();
        var data = ModelOptions.Data();
        var command = new Command("explain", "Which of a user's artists contributed most to the score of an artist (Hu, Koren, Volinsky 2008, section 5).")
        {
            model, user, artist, count, json, data,
        };
        command.SetAction(parse => ModelCommand.Run(parse, "explain", () =>
        {
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model), parse.GetValue(data));
            int userIndex = ModelCommand.FindUser(trained.Lookup, parse.GetRequiredValue(user));
            int item = ModelCommand.FindArtist(trained.Lookup, parse.GetRequiredValue(artist));
            ModelCommand.CheckDataset(trained, parse.InvocationConfiguration.Error, "explain");
            ExplainedScore explanation = trained.Explain(userIndex, item, parse.GetValue(count));
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(explanation, ModelCommand.Json));
                return explanation.Consistent ? ExitCodes.Success : ExitCodes.Failure;
            }
            Write(console, explanation);
            return explanation.Consistent ? ExitCodes.Success : ExitCodes.Failure;
        }));
        return command;
    }

    private static void Write(IAnsiConsole console, ExplainedScore e)
    {
        console.WriteLine($"User {e.UserSha1} (index {e.UserIndex}), artist {e.ArtistName} (index {e.ItemIndex})" +
            (e.AlreadyListened ? ": the user already listened to it." : "."));
        var table = new Table().Title("Top contributors: s_ij * c_uj").AddColumns("#", "artist", "plays", "confidence c_uj", "similarity s_ij", "contribution", "share");
        for (int c = 2; c < 7; c++) table.Columns[c].RightAligned();
        int rank = 0;
        foreach (ArtistContribution row in e.Contributors)
            table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), Markup.Escape(row.ArtistName), row.Plays.ToString("F0", CultureInfo.InvariantCulture),
                row.Confidence.ToString("G5", CultureInfo.InvariantCulture), row.Similarity.ToString("E3", CultureInfo.InvariantCulture),
                row.Value.ToString("F5", CultureInfo.InvariantCulture),
                e.SumOfContributions == 0 ? "-" : (row.Value / e.SumOfContributions).ToString("P1", CultureInfo.InvariantCulture));
        console.Write(table);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{e.UserArtists - e.Contributors.Count} other artists contribute {e.OtherContributions:F5}."));
        string verdict = e.Consistent ? "equal (checked)." : "NOT equal: the decomposition failed.";
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Sum of all {e.UserArtists} contributions = {e.SumOfContributions:F6}; score of the user's factor solved fresh (exact) = {e.FreshScore:F6}: {verdict}"));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Score with the stored factor: {e.StoredScore:F6} (differs from the fresh one when training solved rows approximately or before the last item step)."));
    }
}
