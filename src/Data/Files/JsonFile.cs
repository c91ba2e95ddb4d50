using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Data.Files;

/// <summary>
/// Reads the project's JSON files (manifest.json, model.json, run.json, metrics.jsonl, baseline.json) strictly:
/// every constructor parameter of the record must be present and non-nullable fields must not be null, and any
/// problem becomes an <see cref="InvalidDataException"/> naming the file, the field and what to do.
/// </summary>
public static class JsonFile
{
    /// <summary>The strict twin of each options object, made once (options objects cache their type metadata).</summary>
    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> StrictOptions = [];

    /// <summary>Reads <paramref name="path"/> as <typeparamref name="T"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="options">The serializer options the file was written with.</param>
    /// <param name="remedy">What the user should do when the file is damaged, e.g. "prepare the dataset again".</param>
    /// <exception cref="InvalidDataException">The file is empty, not JSON, or misses or mistypes a field (named).</exception>
    public static T Read<T>(string path, JsonSerializerOptions options, string remedy) where T : class
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse<T>(File.ReadAllText(path), path, options, remedy);
    }

    /// <summary>Parses one JSON document <paramref name="text"/> of <paramref name="place"/> (a file, or a file and line).</summary>
    /// <exception cref="InvalidDataException">The text is empty, not JSON, or misses or mistypes a field (named).</exception>
    public static T Parse<T>(string text, string place, JsonSerializerOptions options, string remedy) where T : class
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidDataException($"{place} is empty; {remedy}.");
        try
        {
            return JsonSerializer.Deserialize<T>(text, Strict(options)) ?? throw new InvalidDataException($"{place} holds null; {remedy}.");
        }
        catch (JsonException problem)
        {
            throw new InvalidDataException($"{place} is damaged: {Describe(problem)}; {remedy}.", problem);
        }
        catch (NotSupportedException problem)
        {
            throw new InvalidDataException($"{place} is damaged ({problem.Message}); {remedy}.", problem);
        }
    }

    /// <summary>The problem in words, with the field (JSON path) and line where the serializer knows them.</summary>
    private static string Describe(JsonException problem)
    {
        string message = problem.Message;
        const string Missing = "missing required properties including: ";
        int missing = message.IndexOf(Missing, StringComparison.Ordinal);
        if (missing >= 0)
            return $"the field {message[(missing + Missing.Length)..].TrimEnd('.').Split(['.', '\n'], 2)[0]} is missing";
        string where = problem.Path is { Length: > 1 } field ? $"the field {field}" : "the document";
        string line = problem.LineNumber is { } number ? $" (line {number + 1})" : "";
        string reason = message.Split(". Path:", 2)[0].Split(" Path:", 2)[0].TrimEnd('.');
        return $"{where}{line} is not valid ({reason})";
    }

    private static JsonSerializerOptions Strict(JsonSerializerOptions options) =>
        StrictOptions.GetValue(options, original => new JsonSerializerOptions(original)
        {
            RespectRequiredConstructorParameters = true,
            RespectNullableAnnotations = true,
        });
}
