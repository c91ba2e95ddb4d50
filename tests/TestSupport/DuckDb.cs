using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text.Json;
using DuckDB.NET.Data;

namespace TestSupport;

/// <summary>
/// DuckDB (the NuGet package DuckDB.NET.Data.Full, engine binary inside) as an independent oracle, in this process:
/// runs SQL in a fresh in-memory database and returns the rows of the last statement as a JSON array of objects.
/// Values are rendered as DuckDB's JSON conversion does: BIGINT, HUGEINT and DECIMAL become strings (JSON numbers
/// would lose digits), FLOAT and DOUBLE numbers (non-finite ones the strings "NaN", "Infinity", "-Infinity"),
/// dates and times ISO text, lists arrays and structs objects.
/// </summary>
public static class DuckDb
{
    /// <summary>Threads per query: the machine has two cores shared by the whole test run.</summary>
    private const int Threads = 2;

    /// <summary>Runs <paramref name="sql"/> (one or more statements); returns the rows of the last one as a JSON array.</summary>
    /// <exception cref="InvalidOperationException">DuckDB reports an error (its message and the SQL included).</exception>
    public static JsonElement Query(string sql)
    {
        try
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            using (DuckDBCommand setup = connection.CreateCommand())
            {
                setup.CommandText = $"SET threads = {Threads}";
                setup.ExecuteNonQuery();
            }
            using DuckDBCommand command = connection.CreateCommand();
            command.CommandText = sql;
            using DuckDBDataReader reader = command.ExecuteReader();
            byte[] last = Rows(reader);
            while (reader.NextResult()) last = Rows(reader);
            using JsonDocument document = JsonDocument.Parse(last);
            return document.RootElement.Clone();
        }
        catch (DuckDBException error)
        {
            throw new InvalidOperationException($"DuckDB failed: {error.Message}\nSQL: {sql}", error);
        }
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

    /// <summary>Runs a statement that returns nothing of interest (COPY, CREATE …).</summary>
    public static void Execute(string sql) => Query(sql);

    private static byte[] Rows(DuckDBDataReader reader)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                json.WriteStartObject();
                for (int field = 0; field < reader.FieldCount; field++)
                {
                    json.WritePropertyName(reader.GetName(field));
                    Write(json, reader.IsDBNull(field) ? null : reader.GetValue(field));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        return buffer.ToArray();
    }

    private static void Write(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null or DBNull: json.WriteNullValue(); break;
            case bool flag: json.WriteBooleanValue(flag); break;
            case sbyte or byte or short or ushort or int or uint: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case long or ulong or BigInteger or decimal: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            case float single: WriteDouble(json, single); break;
            case double number: WriteDouble(json, number); break;
            case string text: json.WriteStringValue(text); break;
            case DateTime time: json.WriteStringValue(time.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
            case DateOnly day: json.WriteStringValue(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)); break;
            case byte[] bytes: json.WriteStringValue(Convert.ToHexString(bytes)); break;
            case Stream stream:
            {
                using var copy = new MemoryStream();
                stream.CopyTo(copy);
                json.WriteStringValue(Convert.ToHexString(copy.ToArray()));
                break;
            }
            case IDictionary map:
                json.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case IEnumerable items:
                json.WriteStartArray();
                foreach (object? item in items) Write(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteDouble(Utf8JsonWriter json, double value)
    {
        if (double.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }
}
