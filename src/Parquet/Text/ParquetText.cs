using System.Globalization;
using System.Text;
using System.Text.Json;
using Parquet.Compression;
using Parquet.Reading;
using Parquet.Schema;

namespace Parquet.Text;

/// <summary>Parquet for people: a file's schema and metadata as text, and its rows as CSV or JSON Lines.</summary>
public static class ParquetText
{
    /// <summary>Writes the columns with their types, then each row group with its chunks' codec, encodings, sizes and statistics.</summary>
    public static void WriteSchema(ParquetFileReader reader, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        IFormatProvider invariant = CultureInfo.InvariantCulture;
        output.WriteLine(string.Format(invariant, "{0}: {1:N0} rows in {2} row groups, format version {3}", reader.Name, reader.RowCount, reader.RowGroups.Count, reader.FormatVersion));
        if (reader.CreatedBy is not null) output.WriteLine("created by: " + reader.CreatedBy);
        output.WriteLine("columns:");
        foreach (ParquetColumn column in reader.Schema.Columns) output.WriteLine("  " + column.Describe());
        foreach ((string key, string? value) in reader.KeyValueMetadata) output.WriteLine($"metadata: {key} = {Shorten(value ?? "(null)", 200)}");
        foreach (RowGroupInfo rowGroup in reader.RowGroups)
        {
            output.WriteLine(string.Format(invariant, "row group {0}: {1:N0} rows, {2:N0} bytes", rowGroup.Index, rowGroup.RowCount, rowGroup.CompressedSize));
            foreach (ColumnChunkInfo chunk in rowGroup.Columns)
            {
                var line = new StringBuilder(string.Format(invariant, "  {0}: {1}, {2}, {3:N0} bytes ({4:N0} uncompressed)", chunk.Column,
                    PageCompression.Name(chunk.Codec), string.Join("+", chunk.Encodings.Select(EncodingName)), chunk.CompressedSize, chunk.UncompressedSize));
                if (chunk.Statistics is { } statistics)
                {
                    if (statistics.NullCount is long nulls) line.Append(invariant, $", nulls {nulls}");
                    if (statistics.Min is not null) line.Append(", min ").Append(Bound(statistics.Min));
                    if (statistics.Max is not null) line.Append(", max ").Append(Bound(statistics.Max));
                    if (statistics.NanCount is long nans and > 0) line.Append(invariant, $", NaN {nans}");
                }
                output.WriteLine(line.ToString());
            }
        }
    }

    /// <summary>
    /// Writes rows as <paramref name="format"/>: the chosen <paramref name="columns"/> (all when null) in the
    /// order given, up to <paramref name="limit"/> rows (all when null). Reads one row group at a time.
    /// </summary>
    /// <exception cref="ArgumentException">A column does not exist (the message lists the columns that do).</exception>
    public static void WriteRows(ParquetFileReader reader, TextWriter output, RowFormat format, IReadOnlyList<string>? columns = null, long? limit = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(output);
        int[] indexes = columns is null ? [.. Enumerable.Range(0, reader.Schema.Columns.Count)] : [.. columns.Select(name =>
        {
            int index = reader.Schema.IndexOf(name);
            return index >= 0 ? index : throw new ArgumentException(
                $"{reader.Name} has no column '{name}' (columns: {string.Join(", ", reader.Schema.Columns.Select(c => c.Name))}).", nameof(columns));
        })];
        string[] names = [.. indexes.Select(index => reader.Schema.Columns[index].Name)];
        if (format == RowFormat.Csv) output.WriteLine(string.Join(",", names.Select(CsvField)));
        long remaining = limit ?? long.MaxValue;
        foreach (RowGroupInfo rowGroup in reader.RowGroups)
        {
            if (remaining <= 0) break;
            ColumnData[] data = [.. indexes.Select(index => reader.ReadColumn(rowGroup.Index, index))];
            int rows = (int)Math.Min(rowGroup.RowCount, remaining);
            for (int row = 0; row < rows; row++)
                output.WriteLine(format == RowFormat.Csv ? CsvRow(data, row) : JsonRow(data, names, row));
            remaining -= rows;
        }
    }

    private static string CsvRow(ColumnData[] data, int row) =>
        string.Join(",", data.Select(column => column.IsNull(row) ? "" : CsvField(ValueText.Format(column, row))));

    /// <summary>RFC 4180: quote a field holding a comma, quote, CR or LF, doubling inner quotes.</summary>
    private static string CsvField(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string JsonRow(ColumnData[] data, string[] names, int row)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            for (int c = 0; c < data.Length; c++)
            {
                json.WritePropertyName(names[c]);
                if (data[c].IsNull(row)) json.WriteNullValue();
                else if (data[c].BooleanValues is { } booleans) json.WriteBooleanValue(booleans[row]);
                else if (ValueText.IsNumber(data[c], row)) json.WriteRawValue(ValueText.Format(data[c], row));
                else json.WriteStringValue(ValueText.Format(data[c], row));
            }
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Bound(object value) => value switch
    {
        string text => "\"" + Shorten(text, 40) + "\"",
        byte[] bytes => "0x" + Convert.ToHexStringLower(bytes.AsSpan(0, Math.Min(bytes.Length, 20))) + (bytes.Length > 20 ? "…" : ""),
        float f => f.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..length] + "…";

    private static string EncodingName(Metadata.ParquetEncoding encoding) => encoding switch
    {
        Metadata.ParquetEncoding.Plain => "PLAIN",
        Metadata.ParquetEncoding.PlainDictionary => "PLAIN_DICTIONARY",
        Metadata.ParquetEncoding.Rle => "RLE",
        Metadata.ParquetEncoding.BitPacked => "BIT_PACKED",
        Metadata.ParquetEncoding.DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        Metadata.ParquetEncoding.DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        Metadata.ParquetEncoding.DeltaByteArray => "DELTA_BYTE_ARRAY",
        Metadata.ParquetEncoding.RleDictionary => "RLE_DICTIONARY",
        Metadata.ParquetEncoding.ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => encoding.ToString(),
    };
}
