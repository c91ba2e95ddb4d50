using System.CommandLine;
using System.Globalization;
using System.Numerics.Tensors;
using System.Text.Json;
using Cli.Models;
using Data.Datasets;
using Data.Models;
using Linalg.Als;
using Linalg.Dense;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als explain</c>: which of a user's artists make up the score of an artist (Hu, Koren, Volinsky 2008, section 5):
/// score = ∑ⱼ sᵘᵢⱼcᵤⱼ over the user's artists j, with sᵘᵢⱼ = yᵢᵀWᵘyⱼ and Wᵘ = (YᵀCᵘY + λI)⁻¹ (<see cref="ScoreExplanation"/>).
/// The decomposition holds for the user's factor solved exactly against the final item factors, so the command solves it
/// fresh (the half-step's row solver, Cholesky) and checks that the contributions add up to that score.
/// </summary>
internal static class ExplainCommand
{
    /// <summary>
    /// Largest relative gap between the sum of the contributions and the fresh score that still counts as equal: both are
    /// exact solves in double precision, but the fresh factor is rounded to float32 like every stored factor (~1e-7 relative).
    /// </summary>
    internal const double Tolerance = 1e-4;

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
            SavedModel saved = ModelCommand.Load(parse.GetRequiredValue(model));
            var lookup = new ModelLookup(saved);
            int userIndex = ModelCommand.FindUser(lookup, parse.GetRequiredValue(user));
            int item = ModelCommand.FindArtist(lookup, parse.GetRequiredValue(artist));
            PreparedDataset dataset = ModelCommand.OpenDataset(saved, parse.GetValue(data), parse.InvocationConfiguration.Error, "explain");
            (int[] items, float[] plays) = ModelDataset.LoadUserTrain(dataset, userIndex);
            Explanation explanation = Explain(saved, items, plays, userIndex, item, parse.GetValue(count));
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

    /// <summary>The decomposition for one user and artist, the top <paramref name="count"/> contributors first.</summary>
    internal static Explanation Explain(SavedModel saved, int[] items, float[] plays, int user, int item, int count)
    {
        FactorMatrix itemFactors = saved.Model.ItemFactors;
        AlsOptions exact = saved.Model.Options with { Solver = AlsSolver.Cholesky, Threads = 1 };
        double[] gram = GramMatrix.Compute(itemFactors, Environment.ProcessorCount);
        var contributions = new double[items.Length];
        double total = ScoreExplanation.Explain(items, plays, item, itemFactors, gram, exact, contributions);

        var fresh = new float[itemFactors.Factors];
        HalfStep.SolveRow(items, plays, itemFactors, gram, exact, fresh);        // the same row solve training uses, done exactly
        double freshScore = TensorPrimitives.Dot(fresh, itemFactors.Row(item));
        double storedScore = TensorPrimitives.Dot(saved.Model.UserFactors.Row(user), itemFactors.Row(item));
        bool consistent = Math.Abs(total - freshScore) <= Tolerance * Math.Max(1, Math.Abs(freshScore));

        int[] order = [.. Enumerable.Range(0, items.Length).OrderByDescending(j => contributions[j]).ThenBy(j => items[j])];
        List<Contribution> top = [.. order.Take(count).Select(j => new Contribution(items[j], saved.ArtistNames[items[j]], ModelCommand.Mbid(saved, items[j]),
            plays[j], Confidence.Of(plays[j], exact), contributions[j] / Confidence.Of(plays[j], exact), contributions[j]))];
        double rest = order.Skip(count).Sum(j => contributions[j]);
        return new Explanation(user, saved.UserIds[user], item, saved.ArtistNames[item], ModelCommand.Mbid(saved, item),
            Array.BinarySearch(items, item) >= 0, items.Length, total, freshScore, storedScore, consistent, top, rest);
    }

    private static void Write(IAnsiConsole console, Explanation e)
    {
        console.WriteLine($"User {e.UserSha1} (index {e.UserIndex}), artist {e.ArtistName} (index {e.ItemIndex})" +
            (e.AlreadyListened ? ": the user already listened to it." : "."));
        var table = new Table().Title("Top contributors: s_ij * c_uj").AddColumns("#", "artist", "plays", "confidence c_uj", "similarity s_ij", "contribution", "share");
        for (int c = 2; c < 7; c++) table.Columns[c].RightAligned();
        int rank = 0;
        foreach (Contribution row in e.Contributors)
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

/// <summary>The explanation of one score.</summary>
internal sealed record Explanation(int UserIndex, string UserSha1, int ItemIndex, string ArtistName, string ArtistMbid, bool AlreadyListened,
    int UserArtists, double SumOfContributions, double FreshScore, double StoredScore, bool Consistent, IReadOnlyList<Contribution> Contributors,
    double OtherContributions);

/// <summary>One of the user's artists j and its term sᵘᵢⱼcᵤⱼ.</summary>
internal sealed record Contribution(int ItemIndex, string ArtistName, string ArtistMbid, float Plays, float Confidence, double Similarity, double Value);
