using System.Globalization;
using Data.Models;
using Spectre.Console;

namespace Cli.Models;

/// <summary>The tables the model commands print.</summary>
internal static class ArtistTables
{
    /// <summary>A ranked list of artists with a score column named <paramref name="scoreName"/>.</summary>
    public static Table Ranked(string title, IEnumerable<ArtistScore> rows, string scoreName)
    {
        var table = new Table().Title(title).AddColumns("#", "artist", "mbid", scoreName);
        table.Columns[0].RightAligned();
        table.Columns[3].RightAligned();
        foreach (ArtistScore row in rows)
            table.AddRow(row.Rank.ToString(CultureInfo.InvariantCulture), Markup.Escape(row.ArtistName), row.ArtistMbid,
                row.Score.ToString("F4", CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>A user's artists with their play counts.</summary>
    public static Table Played(string title, IEnumerable<PlayedArtist> rows)
    {
        var table = new Table().Title(title).AddColumns("#", "artist", "mbid", "plays");
        table.Columns[0].RightAligned();
        table.Columns[3].RightAligned();
        int rank = 0;
        foreach (PlayedArtist row in rows)
            table.AddRow((++rank).ToString(CultureInfo.InvariantCulture), Markup.Escape(row.ArtistName), row.ArtistMbid,
                row.Plays.ToString("F0", CultureInfo.InvariantCulture));
        return table;
    }
}
