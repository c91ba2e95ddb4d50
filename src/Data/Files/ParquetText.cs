using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using Parquet.Meta;

namespace Data.Files;

/// <summary>
/// Parquet for people (<c>als parquet schema</c> and <c>als parquet cat</c>): a file's schema and metadata as text,
/// and its rows as CSV or JSON Lines. Values print as people read them: integers in full, floats in shortest
/// round-trip form, dates as yyyy-MM-dd, timestamps as ISO 8601, decimals with their scale, strings as text, other
/// bytes as lowercase hex. In JSON a float stays a float for JSON readers (<c>-0.0</c>, <c>1.0</c>, <c>1.0E-45</c>), and
/// the non-finite ones are the strings <c>"NaN"</c>, <c>"Infinity"</c> and <c>"-Infinity"</c>.
/// </summary>
public static class ParquetText
{
    /// <summary>Longest key–value metadata value printed in full.</summary>
    private const int MetadataWidth = 200;

    /// <summary>Longest string statistic printed in full.</summary>
    private const int BoundWidth = 40;

    /// <summary>Writes the columns with their types, then each row group with its chunks' codec, encodings, sizes and statistics.</summary>
    /// <exception cref="ParquetFileException">The statistics of a chunk cannot be decoded.</exception>
    public static void WriteSchema(ParquetTable table, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        FileMetaData footer = table.FileMetadata;
        output.WriteLine(string.Format(invariant, "{0}: {1:N0} rows in {2} row groups, format version {3}", table.Name, table.RowCount, table.RowGroupCount, footer.Version));
        if (footer.CreatedBy is not null) output.WriteLine("created by: " + footer.CreatedBy);
        output.WriteLine("columns:");
        foreach (ParquetTableColumn column in table.Columns) output.WriteLine($"  {column.Name}: {column.Describe()}");
        foreach ((string key, string value) in table.Metadata) output.WriteLine($"metadata: {key} = {Shorten(value ?? "(null)", MetadataWidth)}");
        for (int group = 0; group < table.RowGroupCount; group++)
        {
            RowGroup rowGroup = footer.RowGroups[group];
            output.WriteLine(string.Format(invariant, "row group {0}: {1:N0} rows, {2:N0} bytes", group, rowGroup.NumRows,
                rowGroup.Columns.Sum(chunk => chunk.MetaData?.TotalCompressedSize ?? 0)));
            foreach (ParquetTableColumn column in table.Columns)
            {
                ColumnMetaData chunk = rowGroup.Columns[column.Index].MetaData!;
                var line = new StringBuilder(string.Format(invariant, "  {0}: {1}, {2}, {3:N0} bytes ({4:N0} uncompressed)", column.Name,
                    chunk.Codec, string.Join("+", chunk.Encodings ?? []), chunk.TotalCompressedSize, chunk.TotalUncompressedSize));
                if (table.Statistics(group, column) is { } statistics)
                {
                    if (statistics.NullCount is long nulls) line.Append(invariant, $", nulls {nulls}");
                    if (statistics.MinValue is not null) line.Append(", min ").Append(Bound(statistics.MinValue));
                    if (statistics.MaxValue is not null) line.Append(", max ").Append(Bound(statistics.MaxValue));
                }
                output.WriteLine(line.ToString());
            }
        }
    }

    /// <summary>
    /// Writes rows as <paramref name="format"/>: the chosen <paramref name="columns"/> (all when null) in the order
    /// given, up to <paramref name="limit"/> rows (all when null). Reads one row group at a time.
    /// </summary>
    /// <exception cref="ArgumentException">A column does not exist (the message lists the columns that do).</exception>
    /// <exception cref="ParquetFileException">A column cannot be read.</exception>
    public static void WriteRows(ParquetTable table, TextWriter output, ParquetRowFormat format, IReadOnlyList<string>? columns = null, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(output);
        ParquetTableColumn[] chosen = columns is null ? [.. table.Columns] : [.. columns.Select(table.Column)];
        string[] names = [.. chosen.Select(column => column.Name)];
        if (format == ParquetRowFormat.Csv) output.WriteLine(string.Join(",", names.Select(CsvField)));
        long remaining = limit ?? long.MaxValue;
        for (int group = 0; group < table.RowGroupCount && remaining > 0; group++)
        {
            ParquetColumnValues[] data = [.. chosen.Select(column => table.Read(group, column))];
            int rows = (int)Math.Min(table.RowGroupRows(group), remaining);
            for (int row = 0; row < rows; row++)
                output.WriteLine(format == ParquetRowFormat.Csv ? CsvRow(data, row) : JsonRow(data, names, row));
            remaining -= rows;
        }
    }

    /// <summary>A value as text (CSV form: floats in shortest round-trip form, <c>NaN</c>, <c>-0</c>).</summary>
    public static string Format(object value) => value switch
    {
        string text => text,
        byte[] bytes => Convert.ToHexStringLower(bytes),
        bool flag => flag ? "true" : "false",
        float number => number.ToString("R", CultureInfo.InvariantCulture),
        double number => number.ToString("R", CultureInfo.InvariantCulture),
        Half number => ((float)number).ToString("R", CultureInfo.InvariantCulture),
        DateTime time => time.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateOnly day => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>
    /// A floating-point value as a JSON token that JSON readers keep as a float: always with a fraction or exponent
    /// (<c>1.0</c>, <c>-0.0</c>, <c>1.0E-45</c>); NaN and the infinities as the strings "NaN", "Infinity", "-Infinity".
    /// </summary>
    public static string JsonFloat(double value, bool isSingle)
    {
        if (double.IsNaN(value)) return "\"NaN\"";
        if (double.IsInfinity(value)) return value > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        string text = isSingle ? ((float)value).ToString("R", CultureInfo.InvariantCulture) : value.ToString("R", CultureInfo.InvariantCulture);
        int exponent = text.IndexOf('E', StringComparison.Ordinal);
        string mantissa = exponent < 0 ? text : text[..exponent];
        if (!mantissa.Contains('.', StringComparison.Ordinal)) mantissa += ".0";
        return exponent < 0 ? mantissa : mantissa + text[exponent..];
    }

    private static string CsvRow(ParquetColumnValues[] data, int row) =>
        string.Join(",", data.Select(column => column[row] is { } value ? CsvField(Format(value)) : ""));

    /// <summary>RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes.</summary>
    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string JsonRow(ParquetColumnValues[] data, string[] names, int row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (int c = 0; c < data.Length; c++)
            {
                json.WritePropertyName(names[c]);
                switch (data[c][row])
                {
                    case null: json.WriteNullValue(); break;
                    case bool flag: json.WriteBooleanValue(flag); break;
                    case float number: json.WriteRawValue(JsonFloat(number, isSingle: true)); break;
                    case Half number: json.WriteRawValue(JsonFloat((float)number, isSingle: true)); break;
                    case double number: json.WriteRawValue(JsonFloat(number, isSingle: false)); break;
                    case sbyte or byte or short or ushort or int or uint or long or ulong or decimal or BigInteger:
                        json.WriteRawValue(Format(data[c][row]!)); break;
                    case { } value: json.WriteStringValue(Format(value)); break;
                }
            }
            json.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Bound(object value) => value switch
    {
        string text => "\"" + Shorten(text, BoundWidth) + "\"",
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, BoundWidth / 2))) + (bytes.Length > BoundWidth / 2 ? "…" : ""),
        _ => Format(value),
    };

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";
}
