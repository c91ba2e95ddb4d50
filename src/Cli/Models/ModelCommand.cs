using System.CommandLine;
using System.Text.Json;
using Data.Models;

namespace Cli.Models;

/// <summary>
/// The frame of every model command: loads the model and (when asked) its dataset and runs the command's work. Failures
/// propagate and become one line and an exit code in <see cref="Failures.FailureReport"/>: 2 for what the user asked
/// (<see cref="CommandProblem"/>, a folder without a model, a dataset that is missing or not the model's, an ambiguous
/// artist), 1 for data that is broken (corrupt factors, a dataset that disagrees with its manifest).
/// </summary>
internal static class ModelCommand
{
    /// <summary>JSON output: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    /// <summary>The same names as <see cref="Json"/> on one line: the service's bodies (answers and requests).</summary>
    public static JsonSerializerOptions CompactJson { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,   // a misspelt field is an error, not ignored
        RespectNullableAnnotations = true,                                                              // null where a value is required is an error
        RespectRequiredConstructorParameters = true,                                                    // so is a required field left out
    };

    /// <summary>
    /// Runs <paramref name="work"/> for the command <paramref name="name"/>; returns the exit code. Failures propagate to
    /// <see cref="Failures.FailureReport"/>, which turns them into one line and an exit code.
    /// </summary>
    public static int Run(ParseResult parse, string name, Func<int> work)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return work();
    }

    /// <summary>The model of <paramref name="runFolder"/>.</summary>
    /// <exception cref="CommandProblem">The folder does not exist or holds no model.</exception>
    public static SavedModel Load(DirectoryInfo runFolder)
    {
        if (!runFolder.Exists) throw new CommandProblem($"the run folder {runFolder.FullName} does not exist.");
        if (!File.Exists(Path.Combine(runFolder.FullName, ModelStore.Folder, "model.json")))
            throw new CommandProblem($"{runFolder.FullName} holds no trained model ({ModelStore.Folder}/model.json is missing; run `als train`).");
        return ModelStore.Load(runFolder.FullName);
    }

    /// <summary>The user <paramref name="text"/> names.</summary>
    /// <exception cref="CommandProblem">No such user.</exception>
    public static int FindUser(ModelLookup lookup, string text) => lookup.FindUser(text) ?? throw new CommandProblem(UnknownUser(lookup, text));

    /// <summary>Why <paramref name="text"/> names no user (the command's and the service's message).</summary>
    public static string UnknownUser(ModelLookup lookup, string text) =>
        $"unknown user '{text}': neither a user id (user_sha1) of the model nor an index below {lookup.Model.UserIds.Length}.";

    /// <summary>Why <paramref name="text"/> names no artist, with the closest names (the command's and the service's message).</summary>
    public static string UnknownArtist(ModelLookup lookup, string text)
    {
        IReadOnlyList<string> suggestions = lookup.SuggestArtists(text);
        string hint = suggestions.Count == 0 ? "" : " Did you mean: " + string.Join(", ", suggestions.Select(s => $"'{s}'")) + "?";
        return $"no artist '{text}' (by name or MBID) in the model.{hint}";
    }

    /// <summary>The one artist <paramref name="text"/> names.</summary>
    /// <exception cref="CommandProblem">No such artist (the message suggests the closest names).</exception>
    /// <exception cref="AmbiguousArtistException">A name several artists share (the message lists them with their MBIDs).</exception>
    public static int FindArtist(ModelLookup lookup, string text)
    {
        return lookup.FindArtist(text) ?? throw new CommandProblem(UnknownArtist(lookup, text));   // a shared name: AmbiguousArtistException, exit 2 (FailureReport)
    }

    /// <summary>The model of <paramref name="runFolder"/> as a library object, with <paramref name="dataset"/> (null: the one model.json names).</summary>
    /// <exception cref="CommandProblem">The folder does not exist or holds no model.</exception>
    public static TrainedModel Open(DirectoryInfo runFolder, DirectoryInfo? dataset = null) => TrainedModel.From(Load(runFolder), dataset?.FullName);

    /// <summary>The training rows of <paramref name="user"/>, after <see cref="CheckDataset"/>.</summary>
    /// <exception cref="Data.Failures.InvalidInputException">The dataset is missing or not the model's.</exception>
    public static (int[] Items, float[] Plays) History(TrainedModel model, int user, TextWriter error, string name)
    {
        CheckDataset(model, error, name);
        return model.History(user);
    }

    /// <summary>
    /// Opens the model's dataset: one that is missing or not the model's is an <see cref="Data.Failures.InvalidInputException"/>,
    /// one changed since training a warning on <paramref name="error"/>.
    /// </summary>
    public static void CheckDataset(TrainedModel model, TextWriter error, string name)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(error);
        if (model.DatasetWarning is { } warning) error.WriteLine($"als {name}: warning: {warning}");
    }
}
