using System.Diagnostics;
using System.Text.Json;

namespace TestSupport;

/// <summary>
/// DuckDB (the npm package <c>@duckdb/node-api</c> in tests/oracle, binary inside) as an independent oracle:
/// runs SQL in a fresh in-memory database through <c>node tests/oracle/duckdb-query.mjs</c> and returns the
/// rows of the last statement. BIGINT and DECIMAL values come back as JSON strings.
/// </summary>
public static class DuckDb
{
    /// <summary>Longest a query may take before the test fails (DuckDB starts in well under a second).</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    /// <summary>Runs <paramref name="sql"/>; returns the rows as a JSON array.</summary>
    /// <exception cref="InvalidOperationException">node or the npm package is missing, or DuckDB reports an error (its message included).</exception>
    public static JsonElement Query(string sql)
    {
        string oracle = Path.Combine(RepositoryPaths.Root, "tests", "oracle");
        if (!Directory.Exists(Path.Combine(oracle, "node_modules", "@duckdb", "node-api")))
            throw new InvalidOperationException($"The DuckDB oracle is not installed: run `npm ci --prefix tests/oracle` (looked in {oracle}/node_modules).");
        var start = new ProcessStartInfo("node", [Path.Combine(oracle, "duckdb-query.mjs")])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = oracle,
        };
        using Process process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        process.StandardInput.Write(sql);
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"DuckDB did not answer within {Timeout.TotalSeconds} s: {sql}");
        }
        if (process.ExitCode != 0) throw new InvalidOperationException($"DuckDB failed: {error.Result.Trim()}\nSQL: {sql}");
        using JsonDocument document = JsonDocument.Parse(output.Result);
        return document.RootElement.Clone();
    }

    /// <summary>The single value of a one-row, one-column query, as text (null for SQL NULL).</summary>
    public static string? Scalar(string sql)
    {
        JsonElement rows = Query(sql);
        JsonProperty value = rows.EnumerateArray().Single().EnumerateObject().Single();
        return value.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => value.Value.GetString(),
            _ => value.Value.GetRawText(),
        };
    }

    /// <summary>A path as a SQL string literal.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
