using System.Globalization;
using System.Text;
using Parquet;
using Parquet.Metadata;
using Parquet.Reading;

namespace Data.Import;

/// <summary>
/// Reads interactions from a Parquet file whose columns are chosen by name, one row group at a time. Artists are
/// identified by the artist column's value; row numbers in the rejects file count from 1 over the whole file.
/// </summary>
public static class ParquetInteractionReader
{
    /// <summary>Reads every row; returns the number of rows.</summary>
    /// <exception cref="ArgumentException">A chosen column does not exist (the message lists the columns).</exception>
    /// <exception cref="ParquetException">The file is not valid or readable Parquet.</exception>
    public static long Read(string path, ParquetColumnsOptions columns, InteractionCollector collector, RejectWriter rejects)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(rejects);
        using ParquetFileReader reader = ParquetFileReader.Open(path);
        foreach (string? name in new[] { columns.User, columns.Item, columns.Plays, columns.Name })
            if (name is not null && reader.Schema.IndexOf(name) < 0)
                throw new ArgumentException($"{Path.GetFileName(path)} has no column '{name}' (columns: {string.Join(", ", reader.Schema.Columns.Select(c => c.Name))}).");
        long number = 0;
        foreach (RowGroupInfo rowGroup in reader.RowGroups)
        {
            ColumnData users = reader.ReadColumn(rowGroup.Index, columns.User);
            ColumnData items = reader.ReadColumn(rowGroup.Index, columns.Item);
            ColumnData plays = reader.ReadColumn(rowGroup.Index, columns.Plays);
            ColumnData? names = columns.Name is null ? null : reader.ReadColumn(rowGroup.Index, columns.Name);
            for (int row = 0; row < users.Count; row++)
            {
                number++;
                string? user = Text(users, row), item = Text(items, row);
                byte[] Raw() => Encoding.UTF8.GetBytes($"{user}\t{item}\t{Text(plays, row)}");
                if (string.IsNullOrEmpty(user)) { rejects.Reject(number, RejectReason.EmptyUser, "empty or null user", Raw()); continue; }
                if (string.IsNullOrEmpty(item)) { rejects.Reject(number, RejectReason.NoArtist, "empty or null artist", Raw()); continue; }
                if (!Plays(plays, row, out long value))
                {
                    rejects.Reject(number, RejectReason.NonNumericPlays, "plays is null or not a whole number", Raw());
                    continue;
                }
                if (!PlaysParser.Check(value, out int count, out RejectReason reason, out string detail))
                {
                    rejects.Reject(number, reason, detail, Raw());
                    continue;
                }
                string name = names is not null && Text(names, row) is { Length: > 0 } text ? text : item;
                collector.Add(collector.User(user), collector.ArtistById(item, name), count);
            }
        }
        return number;
    }

    private static string? Text(ColumnData data, int row)
    {
        if (data.IsNull(row)) return null;
        return data.Column.PhysicalType switch
        {
            PhysicalType.Int32 => data.Int32Values![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Int64 => data.Int64Values![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Float => data.FloatValues![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Double => data.DoubleValues![row].ToString(CultureInfo.InvariantCulture),
            PhysicalType.Boolean => data.BooleanValues![row] ? "true" : "false",
            _ => data.Column.IsString ? Encoding.UTF8.GetString(data.BinaryValues![row]!) : Convert.ToHexStringLower(data.BinaryValues![row]!),
        };
    }

    private static bool Plays(ColumnData data, int row, out long value)
    {
        value = 0;
        if (data.IsNull(row)) return false;
        switch (data.Column.PhysicalType)
        {
            case PhysicalType.Int32: value = data.Int32Values![row]; return true;
            case PhysicalType.Int64: value = data.Int64Values![row]; return true;
            case PhysicalType.Double or PhysicalType.Float:
            {
                double number = data.DoubleValues?[row] ?? data.FloatValues![row];
                if (!double.IsFinite(number) || number != Math.Floor(number) || Math.Abs(number) > long.MaxValue / 2) return false;
                value = (long)number;
                return true;
            }
            default: return false;
        }
    }
}
