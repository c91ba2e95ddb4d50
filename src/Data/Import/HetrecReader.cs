using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Data.Import;

/// <summary>
/// Reads the HetRec 2011 Last.fm format: <c>user_artists.dat</c> (header <c>userID TAB artistID TAB weight</c>,
/// weight = plays) and optionally <c>artists.dat</c> (<c>id TAB name TAB url TAB pictureURL</c>) for names.
/// Artists are identified by their HetRec id; those without a row in artists.dat are named "artist ID".
/// </summary>
public static class HetrecReader
{
    /// <summary>The header user_artists.dat starts with.</summary>
    public const string Header = "userID\tartistID\tweight";

    /// <summary>Reads <paramref name="userArtists"/> (and names from <paramref name="artists"/> when given); returns the lines read.</summary>
    /// <exception cref="InvalidDataException">The first line is not the HetRec header (the file is another format).</exception>
    public static long Read(Stream userArtists, Stream? artists, InteractionCollector collector, RejectWriter rejects, string fileName)
    {
        ArgumentNullException.ThrowIfNull(userArtists);
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(rejects);
        Dictionary<string, string> names = artists is null ? [] : ReadNames(artists);
        var lines = new LineReader(userArtists);
        if (!lines.Next(out ReadOnlySpan<byte> header) || !Encoding.UTF8.GetString(header).Trim().Equals(Header, StringComparison.OrdinalIgnoreCase))
            throw new InvalidDataException($"{fileName}: line 1 is not the HetRec header '{Header.Replace("\t", "<TAB>", StringComparison.Ordinal)}'.");
        long number = 1;
        while (lines.Next(out ReadOnlySpan<byte> line))
        {
            number++;
            if (lines.LastLineTooLong) { rejects.Reject(number, RejectReason.LineTooLong, LastFmTsvReader.TooLong, line); continue; }
            if (line.IsEmpty) { rejects.Reject(number, RejectReason.EmptyLine, "empty line", line); continue; }
            if (!Utf8.IsValid(line)) { rejects.Reject(number, RejectReason.InvalidUtf8, "the line is not valid UTF-8", line); continue; }
            string[] fields = Encoding.UTF8.GetString(line).Split('\t');
            if (fields.Length != 3)
            {
                rejects.Reject(number, RejectReason.WrongFieldCount, string.Create(CultureInfo.InvariantCulture, $"{fields.Length} fields, expected 3"), line);
                continue;
            }
            if (fields[0].Trim().Length == 0) { rejects.Reject(number, RejectReason.EmptyUser, "empty user id", line); continue; }
            string artist = fields[1].Trim();
            if (artist.Length == 0) { rejects.Reject(number, RejectReason.NoArtist, "empty artist id", line); continue; }
            if (!PlaysParser.TryParse(Encoding.UTF8.GetBytes(fields[2].Trim()), out int plays, out RejectReason reason, out string detail))
            {
                rejects.Reject(number, reason, detail, line);
                continue;
            }
            int item = collector.ArtistById(artist, names.TryGetValue(artist, out string? name) ? name : "artist " + artist);
            collector.Add(collector.User(fields[0].Trim()), item, plays);
        }
        return number;
    }

    private static Dictionary<string, string> ReadNames(Stream artists)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = new LineReader(artists);
        bool first = true;
        long number = 0;
        while (lines.Next(out ReadOnlySpan<byte> line))
        {
            number++;
            if (lines.LastLineTooLong)
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"The artists file, line {number}: longer than {RejectReasons.MaxLineBytes} bytes (line_too_long); is it artists.dat?"));
            string[] fields = Encoding.UTF8.GetString(line).Split('\t');
            if (first && fields[0].Trim().Equals("id", StringComparison.OrdinalIgnoreCase))
            {
                first = false;
                continue;
            }
            first = false;
            if (fields.Length >= 2 && fields[0].Trim().Length > 0) names.TryAdd(fields[0].Trim(), fields[1].Trim());
        }
        return names;
    }
}
