using System.CommandLine;
using System.Text.Json;
using Cli.Failures;
using Cli.Options;
using Linalg.Als;

namespace Cli.Tuning;

/// <summary>
/// Reads custom ranges into a <see cref="SearchSpace"/>: <c>--grid KEY=V1,V2,...</c> entries and a <c>--search</c>
/// JSON file (<c>{"factors": [32, 64], "confidence": ["log", "bm25"]}</c>). Keys are the <c>als train</c> option names
/// without dashes (<see cref="SearchSpace.Keys"/>); every value goes through that option's own parser and validators,
/// so <c>--grid factors=abc</c> fails as <c>--factors abc</c> would, naming the key and the value. Keys not given keep
/// the built-in lists.
/// </summary>
internal static class SearchSpaceReader
{
    /// <summary>The space of <paramref name="file"/> (may be null), then of the <paramref name="grid"/> entries, which replace the file's lists key by key.</summary>
    /// <exception cref="FormatException">A key, a value or the file is wrong; the message is one sentence naming it.</exception>
    public static SearchSpace Read(string? file, IEnumerable<string> grid)
    {
        ArgumentNullException.ThrowIfNull(grid);
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var origin = new Dictionary<string, string>(StringComparer.Ordinal);
        if (file is not null)
            foreach ((string key, List<string> values) in ReadFile(file))
            {
                lists[key] = values;
                origin[key] = file;
            }
        var fromGrid = new HashSet<string>(StringComparer.Ordinal);
        foreach (string entry in grid)
        {
            int equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new FormatException($"--grid '{entry}' is not KEY=VALUES (for example --grid factors=32,64,128); keys: {string.Join(", ", SearchSpace.Keys)}.");
            string key = Key(entry[..equals].Trim(), "--grid");
            if (!fromGrid.Add(key)) throw new FormatException($"--grid {key} is given twice; list every value in one entry ({key}=A,B,C).");
            lists[key] = [.. entry[(equals + 1)..].Split(',', StringSplitOptions.TrimEntries)];
            origin[key] = "--grid";
        }
        return Build(lists, origin);
    }

    /// <summary>The canonical key for <paramref name="typed"/> (any case), or an error with the closest key.</summary>
    private static string Key(string typed, string where)
    {
        string? key = SearchSpace.Keys.FirstOrDefault(candidate => string.Equals(candidate, typed.TrimStart('-'), StringComparison.OrdinalIgnoreCase));
        return key ?? throw new FormatException(
            $"{where}: no search key '{typed}'.{ParseErrors.Suggestion(typed, SearchSpace.Keys)} Keys: {string.Join(", ", SearchSpace.Keys)}.");
    }

    private static List<(string Key, List<string> Values)> ReadFile(string file)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (Exception problem) when (problem is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"--search {file}: cannot read it as JSON ({problem.Message}).", problem);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new FormatException($"--search {file}: expected an object of lists, for example {{\"factors\": [32, 64], \"confidence\": [\"log\", \"bm25\"]}}.");
            var result = new List<(string, List<string>)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (JsonProperty property in document.RootElement.EnumerateObject())
            {
                string key = Key(property.Name, $"--search {file}");
                if (!seen.Add(key)) throw new FormatException($"--search {file}: {key} is given twice.");
                // A single value is a list of one; numbers keep their text, so "1e-2" reaches the parser as written.
                IEnumerable<JsonElement> elements = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray() : [property.Value];
                var values = new List<string>();
                foreach (JsonElement element in elements)
                    values.Add(element.ValueKind switch
                    {
                        JsonValueKind.String => element.GetString()!,
                        JsonValueKind.Number => element.GetRawText(),
                        _ => throw new FormatException($"--search {file}: {key} holds {element.GetRawText()}; values are numbers or strings."),
                    });
                result.Add((key, values));
            }
            return result;
        }
    }

    private static SearchSpace Build(Dictionary<string, List<string>> lists, Dictionary<string, string> origin)
    {
        // The train options themselves, on a scratch command: the same parsers, ranges and choice lists as `als train`.
        var options = new AlsOptionSet();
        var command = new Command("grid");
        options.AddTo(command);
        SearchSpace space = SearchSpace.Default;
        foreach ((string key, List<string> texts) in lists)
        {
            if (texts.Count == 0 || texts.Any(text => text.Length == 0))
                throw new FormatException($"{origin[key]} {key}: empty value; give one or more values ({key}=A,B,C).");
            Option option = command.Options.Single(candidate => candidate.Name == "--" + key);
            var values = new List<object>();
            foreach (string text in texts)
            {
                ParseResult parse = command.Parse([option.Name, text]);
                if (parse.Errors.Count > 0)
                    throw new FormatException($"{origin[key]} {key}={text}: {string.Join(' ', ParseErrors.Describe(parse))}");
                values.Add(option switch
                {
                    Option<int> integer => parse.GetValue(integer),
                    Option<float> number => parse.GetValue(number),
                    Option<string> choice => parse.GetValue(choice)!,
                    _ => throw new InvalidOperationException($"{option.Name} has a type the grid does not read."),
                });
            }
            space = key switch
            {
                "confidence" => space with { Confidence = [.. values.Select(value => AlsOptionSet.ParseConfidence((string)value))] },
                "factors" => space with { Factors = [.. values.Cast<int>()] },
                "regularization" => space with { Regularization = [.. values.Cast<float>()] },
                "alpha" => space with { Alpha = [.. values.Cast<float>()] },
                "epsilon" => space with { Epsilon = [.. values.Cast<float>()] },
                "iterations" => space with { Iterations = [.. values.Cast<int>()] },
                _ => throw new InvalidOperationException($"Search key {key} has no list."),   // Keys and this switch list the same names
            };
        }
        return space;
    }
}
