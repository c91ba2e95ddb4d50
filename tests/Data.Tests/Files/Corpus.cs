using System.Text.Json;

namespace Data.Tests.Files;

/// <summary>The Parquet conformance corpus vendored in the repository (<c>tests/data/parquet-conformance</c>, from apache/parquet-testing and DuckDB).</summary>
internal static class Corpus
{
    private static readonly Lazy<JsonDocument> Expected = new(() =>
        JsonDocument.Parse(System.IO.File.ReadAllText(Path.Combine(Directory, "expected.json"))));

    /// <summary>The corpus folder; a missing corpus is an error (a test must fail, not skip, without it).</summary>
    public static string Directory
    {
        get
        {
            string path = Path.Combine(RepositoryPaths.Root, "tests", "data", "parquet-conformance");
            if (!System.IO.File.Exists(Path.Combine(path, "expected.json")))
                throw new InvalidOperationException($"The Parquet conformance corpus is missing: expected {path}/expected.json (vendored in the repository).");
            return path;
        }
    }

    /// <summary>Every entry of expected.json's files[].</summary>
    public static IEnumerable<JsonElement> Files => Expected.Value.RootElement.GetProperty("files").EnumerateArray();

    /// <summary>The entry of <paramref name="name"/>.</summary>
    public static JsonElement File(string name) => Files.Single(file => file.GetProperty("name").GetString() == name);

    /// <summary>The full path of a corpus file.</summary>
    public static string PathOf(JsonElement file) => System.IO.Path.Combine(Directory, file.GetProperty("path").GetString()!);
}
