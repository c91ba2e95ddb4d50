using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Cli.Models;
using Data.Models;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als fold-in</c>: a listener the model has never seen, given as a small TSV of artist and plays, gets a factor
/// row from one least-squares solve against the fixed item factors (the half-step's row solver with the model's
/// confidence, α and λ), then recommendations, without retraining (<see cref="TrainedModel.FoldIn(ListeningHistory, int)"/>).
/// </summary>
internal static class FoldInCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var playsFile = new Option<FileInfo>("--plays") { Description = "TSV: artist name or MBID, TAB, plays; one artist a line; header optional.", Required = true };
        var count = ModelOptions.Count("recommendations");
        var json = ModelOptions.Json();
        var command = new Command("fold-in", "Recommend for a new listener from a TSV of artist and plays, without retraining.") { model, playsFile, count, json };
        command.SetAction(parse => ModelCommand.Run(parse, "fold-in", () =>
        {
            FileInfo file = parse.GetRequiredValue(playsFile);
            if (!file.Exists) throw new CommandProblem($"the plays file {file.FullName} does not exist.");
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model));
            // A bad plays file is an InvalidInputException: part of the request, exit code 2 (FailureReport).
            ListeningHistory history = ListeningHistory.Read(file.FullName, trained.Lookup);
            var answer = FoldInAnswer.Create(trained, history, parse.GetValue(count), file.Name);
            if (parse.GetValue(json))
            {
                parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(answer, ModelCommand.Json));
                return ExitCodes.Success;
            }
            string unknown = history.Unknown.Count > 0 ? ": " + string.Join(", ", history.Unknown) : ".";
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{history.Lines} lines: {history.Items.Length} artists known to the model, {history.Unknown.Count} unknown{unknown}"));
            console.Write(ArtistTables.Played("Known artists", answer.KnownArtists));
            console.Write(ArtistTables.Ranked("Recommended (one least-squares solve, no retraining)", answer.Recommendations, "score"));
            return ExitCodes.Success;
        }));
        return command;
    }
}
