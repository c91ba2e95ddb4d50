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
    /// <summary>One sentence per distinct error of <paramref name="parse"/>.</summary>
    public static IEnumerable<string> Describe(ParseResult parse) => parse.Errors.Select(Describe).Distinct(StringComparer.Ordinal);

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
        return "a " + value.Name;
    }
}
