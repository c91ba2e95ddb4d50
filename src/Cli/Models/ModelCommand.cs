using System.CommandLine;
using System.Text.Json;
using Data.Datasets;
using Data.Factors;
using Data.Models;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Cli.Models;

/// <summary>
/// The frame of every model command: loads the model and (when asked) its dataset and runs the command's work. Failures
/// become one line and an exit code in <see cref="Failures.FailureReport"/>: 2 for what the user asked
/// (<see cref="CommandProblem"/>, a folder without a model), 1 for data that is broken (corrupt factors, a dataset that
/// disagrees with its manifest).
/// </summary>
internal static class ModelCommand
{
    /// <summary>JSON output: snake_case names, indented.</summary>
    public static JsonSerializerOptions Json { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

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

    /// <summary>The model's dataset (or <paramref name="folder"/>); a changed manifest is reported on <paramref name="error"/>.</summary>
    /// <exception cref="CommandProblem">The dataset is missing or does not fit the model.</exception>
    public static PreparedDataset OpenDataset(SavedModel model, DirectoryInfo? folder, TextWriter error, string name)
    {
        PreparedDataset dataset;
        string? warning;
        try
        {
            dataset = ModelDataset.Open(model, folder?.FullName, out warning);
        }
        catch (InvalidDataException problem)
        {
            throw new CommandProblem(problem.Message);
        }
        if (warning is not null) error.WriteLine($"als {name}: warning: {warning}");
        return dataset;
    }

    /// <summary>The user <paramref name="text"/> names.</summary>
    /// <exception cref="CommandProblem">No such user.</exception>
    public static int FindUser(ModelLookup lookup, string text) =>
        lookup.FindUser(text) ?? throw new CommandProblem(
            $"unknown user '{text}': neither a user id (user_sha1) of the model nor an index below {lookup.Model.UserIds.Length}.");

    /// <summary>The one artist <paramref name="text"/> names.</summary>
    /// <exception cref="CommandProblem">No such artist (the message suggests the closest names), or a name several artists
    /// share (the message lists them with their MBIDs).</exception>
    public static int FindArtist(ModelLookup lookup, string text)
    {
        int? found;
        try
        {
            found = lookup.FindArtist(text);
        }
        catch (AmbiguousArtistException ambiguous)
        {
            throw new CommandProblem(ambiguous.Message);
        }
        if (found is { } item) return item;
        IReadOnlyList<string> suggestions = lookup.SuggestArtists(text);
        string hint = suggestions.Count == 0 ? "" : " Did you mean: " + string.Join(", ", suggestions.Select(s => $"'{s}'")) + "?";
        throw new CommandProblem($"no artist '{text}' (by name or MBID) in the model.{hint}");
    }

    /// <summary>An artist's MBID for display ("" when it has none).</summary>
    public static string Mbid(SavedModel model, int item) => model.ArtistMbids[item] ?? "";

    /// <summary>The best <paramref name="count"/> items for one factor row, <paramref name="excluded"/> (increasing) left out.</summary>
    public static TopKResult RecommendRow(float[] row, int[] excluded, FactorMatrix itemFactors, int count)
    {
        var user = new FactorMatrix(1, itemFactors.Factors, row);
        var exclusions = new CsrMatrix(1, itemFactors.Rows, [0, excluded.Length], excluded, new float[excluded.Length]);
        return TopK.Recommend(user, [0], new ItemScorer(itemFactors), exclusions, count, threads: 1);
    }

    /// <summary>Rows of a recommendation list for JSON and tables.</summary>
    public static List<RecommendedArtist> Describe(SavedModel model, TopKResult top, int query)
    {
        var rows = new List<RecommendedArtist>();
        ReadOnlySpan<int> items = top.ItemsOf(query);
        ReadOnlySpan<float> scores = top.ScoresOf(query);
        for (int slot = 0; slot < items.Length && items[slot] >= 0; slot++)
            rows.Add(new RecommendedArtist(slot + 1, items[slot], model.ArtistNames[items[slot]], Mbid(model, items[slot]), scores[slot]));
        return rows;
    }
}

/// <summary>One entry of a recommendation (or similar-artist) list.</summary>
internal sealed record RecommendedArtist(int Rank, int ItemIndex, string ArtistName, string ArtistMbid, float Score);

/// <summary>One of a user's artists with its play count.</summary>
internal sealed record PlayedArtist(int ItemIndex, string ArtistName, string ArtistMbid, float Plays);
