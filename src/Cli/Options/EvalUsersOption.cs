using System.CommandLine;
using System.Globalization;
using Linalg.Evaluation;

namespace Cli.Options;

/// <summary>
/// <c>--eval-users</c>: the one option for "how many users to evaluate", the same in train, cluster, demo, evaluate,
/// tune and report. Its value is <c>all</c>, <c>none</c> (only where a command can run without evaluating) or a positive
/// count, a seeded sample. 0 is refused: it used to mean "all" and reads like "none", so neither guess is safe.
/// </summary>
internal static class EvalUsersOption
{
    /// <summary>The option's name.</summary>
    public const string Name = "--eval-users";

    /// <summary>The words accepted besides a count (any case).</summary>
    public const string All = "all", None = "none";

    /// <summary>The option, with <paramref name="defaultValue"/> (<c>all</c>, <c>none</c> or a count) as its default.</summary>
    /// <param name="description">What the users are evaluated for, for the help.</param>
    /// <param name="defaultValue">The default, as a user would type it.</param>
    /// <param name="allowNone">Whether <c>none</c> (no evaluation at all) makes sense for the command.</param>
    /// <param name="name">The option's name: <see cref="Name"/>, or another count of users with the same values (<c>--validation-users</c>).</param>
    public static Option<string> Create(string description, string defaultValue, bool allowNone, string name = Name)
    {
        var option = new Option<string>(name)
        {
            Description = description,
            HelpName = allowNone ? "all|none|N" : "all|N",
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && Parse(result.Tokens[^1].Value, allowNone) is null) result.AddError(Problem(result.Tokens[^1].Value, allowNone, name));
        });
        return option;
    }

    /// <summary>
    /// <see cref="RankingEvaluator.AllUsers"/>, <see cref="RankingEvaluator.NoUsers"/> or the sample size for
    /// <paramref name="text"/>; null when it is none of the accepted values.
    /// </summary>
    public static int? Parse(string? text, bool allowNone)
    {
        string value = (text ?? "").Trim();
        if (value.Equals(All, StringComparison.OrdinalIgnoreCase)) return RankingEvaluator.AllUsers;
        if (value.Equals(None, StringComparison.OrdinalIgnoreCase)) return allowNone ? RankingEvaluator.NoUsers : null;
        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0 ? count : null;
    }

    /// <summary>The parsed value of <paramref name="option"/> (already validated by the parser).</summary>
    public static int Read(ParseResult parse, Option<string> option, bool allowNone)
    {
        ArgumentNullException.ThrowIfNull(option);
        return Parse(parse.GetValue(option), allowNone) ?? throw new InvalidOperationException($"{option.Name} was not validated.");
    }

    /// <summary>The sentence for a refused <paramref name="value"/> of the option <paramref name="name"/>.</summary>
    internal static string Problem(string value, bool allowNone, string name = Name) => value.Trim() == "0"
        ? $"{name} 0 is ambiguous: write {All} for every {(name == Name ? "test user" : "eligible user")}{(allowNone ? $" or {None} to switch {(name == Name ? "evaluation" : "it")} off" : "")}."
        : $"{name} must be {All}{(allowNone ? $", {None}" : "")} or a positive number of users, not '{value}'.";
}
