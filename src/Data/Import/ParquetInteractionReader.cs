using System.Globalization;
using System.Text;
using Data.Files;

namespace Data.Import;

/// <summary>
/// Reads interactions from a Parquet file whose columns are chosen by name, one row group at a time. Artists are
/// identified by the artist column's value; row numbers in the rejects file count from 1 over the whole file.
/// </summary>
public static class ParquetInteractionReader
{
    /// <summary>Reads every row; returns the number of rows.</summary>
    /// <exception cref="ArgumentException">A chosen column does not exist (the message lists the columns).</exception>
    /// <exception cref="ParquetFileException">The file is not valid or readable Parquet (named with the row group and column).</exception>
    public static long Read(string path, ParquetColumnsOptions columns, InteractionCollector collector, RejectWriter rejects)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(rejects);
        using ParquetTable reader = ParquetTable.Open(path);
        foreach (string? name in new[] { columns.User, columns.Item, columns.Plays, columns.Name })
            if (name is not null) reader.Column(name);                               // throws, listing the columns, when missing
        long number = 0;
        for (int rowGroup = 0; rowGroup < reader.RowGroupCount; rowGroup++)
        {
            ParquetColumnValues users = reader.Read(rowGroup, reader.Column(columns.User));
            ParquetColumnValues items = reader.Read(rowGroup, reader.Column(columns.Item));
            ParquetColumnValues plays = reader.Read(rowGroup, reader.Column(columns.Plays));
            ParquetColumnValues? names = columns.Name is null ? null : reader.Read(rowGroup, reader.Column(columns.Name));
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

    private static string? Text(ParquetColumnValues data, int row) => data[row] switch
    {
        null => null,
        string text => text,
        byte[] bytes => Convert.ToHexStringLower(bytes),
        bool flag => flag ? "true" : "false",
        IFormattable value => value.ToString(null, CultureInfo.InvariantCulture),
        object value => value.ToString(),
    };

    private static bool Plays(ParquetColumnValues data, int row, out long value)
    {
        value = 0;
        switch (data[row])
        {
            case int number: value = number; return true;
            case long number: value = number; return true;
            case short number: value = number; return true;
            case sbyte number: value = number; return true;
            case byte number: value = number; return true;
            case ushort number: value = number; return true;
            case uint number: value = number; return true;
            case ulong number when number <= long.MaxValue: value = (long)number; return true;
            case float or double or decimal:
            {
                double number = Convert.ToDouble(data[row], CultureInfo.InvariantCulture);
                if (!double.IsFinite(number) || number != Math.Floor(number) || Math.Abs(number) > long.MaxValue / 2) return false;
                value = (long)number;
                return true;
            }
            default: return false;
        }
    }
}
