using System.CommandLine;
using System.CommandLine.Parsing;

namespace Cli.Failures;

/// <summary>
/// System.CommandLine's parse errors as plain sentences naming the option, e.g.
/// "--factors expects an integer, got 'abc'." instead of "Cannot parse argument 'abc' for option '--factors' as
/// expected type 'System.Int32'.", and every message on one line.
/// </summary>
internal static class ParseErrors
{
    /// <summary>
    /// Largest edit distance at which a typed word still suggests a command or option: two slips ("trian", "--factorz",
    /// "similr") are typos; a word three edits away from every name is something else.
    /// </summary>
    internal const int MaxSuggestionDistance = 2;

    /// <summary>
    /// One sentence per distinct error of <paramref name="parse"/>. An unknown command or option is one line naming it,
    /// with the closest name ("did you mean") when one is within <see cref="MaxSuggestionDistance"/> edits, instead of
    /// the parser's "Required command was not provided." beside "Unrecognized command or argument".
    /// </summary>
    public static IEnumerable<string> Describe(ParseResult parse)
    {
        if (Unknown(parse) is { } unknown) return [unknown];
        return parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal);
    }

    /// <summary>The first token the parser could not place, as a sentence; null when every token was placed.</summary>
    private static string? Unknown(ParseResult parse)
    {
        Command command = parse.CommandResult.Command;
        string path = CommandPath(parse.CommandResult);
        if (parse.UnmatchedTokens.Count == 0)
        {
            bool noCommand = command.Subcommands.Count > 0 && command.Action is null;
            return noCommand ? $"`{path}` needs a command: {string.Join(", ", Visible(command.Subcommands).Select(c => c.Name))} (see `{path} --help`)." : null;
        }
        string token = parse.UnmatchedTokens[0];
        if (token.StartsWith('-'))
        {
            IEnumerable<string> options = parse.CommandResult.Command.Options.Where(o => !o.Hidden).SelectMany(o => o.Aliases.Prepend(o.Name));
            return $"`{path}` has no option '{token}'.{Suggestion(token, options)} See `{path} --help`.";
        }
        if (command.Subcommands.Count > 0)
            return $"`{path}` has no command '{token}'.{Suggestion(token, Visible(command.Subcommands).Select(c => c.Name))} " +
                $"Commands: {string.Join(", ", Visible(command.Subcommands).Select(c => c.Name))}.";
        return $"`{path}` takes no argument '{token}' (options start with --; see `{path} --help`).";
    }

    /// <summary>" Did you mean 'x'?" for the name closest to <paramref name="typed"/> (ties: the first), or "" when none is close.</summary>
    internal static string Suggestion(string typed, IEnumerable<string> names)
    {
        string lowered = typed.ToLowerInvariant();
        (string Name, int Distance)? best = null;
        foreach (string name in names.Distinct(StringComparer.Ordinal))
        {
            int distance = Data.Models.ModelLookup.EditDistance(lowered, name);
            if (distance <= MaxSuggestionDistance && (best is null || distance < best.Value.Distance)) best = (name, distance);
        }
        return best is { } found ? $" Did you mean '{found.Name}'?" : "";
    }

    private static IEnumerable<Command> Visible(IEnumerable<Command> commands) => commands.Where(c => !c.Hidden);

    /// <summary>"als", "als parquet": the command as typed.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? at = result; at is CommandResult command; at = at.Parent)
            names.Insert(0, command.Parent is null ? "als" : command.Command.Name);
        return string.Join(' ', names);
    }

    private static string Describe(ParseError error)
    {
        Option? option = error.SymbolResult switch
        {
            OptionResult result => result.Option,
            ArgumentResult { Parent: OptionResult result } => result.Option,
            _ => null,
        };
        string? token = error.SymbolResult is { Tokens.Count: > 0 } symbol ? symbol.Tokens[^1].Value : null;
        if (option is not null && token is not null && error.Message.StartsWith("Cannot parse argument", StringComparison.Ordinal))
            return $"{option.Name} expects {Kind(option.ValueType)}, got '{token}'.";
        if (option is not null && token is null && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
            return option.ValueType == typeof(string) ? $"{option.Name} needs a value." : $"{option.Name} needs a value: {Kind(option.ValueType)}.";
        return string.Join(' ', error.Message.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    /// <summary>What a value of <paramref name="type"/> looks like, in words.</summary>
    private static string Kind(Type type)
    {
        Type value = Nullable.GetUnderlyingType(type) ?? type;
        if (value == typeof(int) || value == typeof(long)) return "an integer";
        if (value == typeof(uint) || value == typeof(ulong)) return "a whole number of 0 or more";
        if (value == typeof(float) || value == typeof(double)) return "a number (for example 0.5)";
        if (value == typeof(bool)) return "true or false";
        if (value == typeof(FileInfo) || value == typeof(DirectoryInfo)) return "a path";
        return "a value";                                   // text: no .NET type name reaches the user
    }
}
