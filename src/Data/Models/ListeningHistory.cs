using Data.Failures;
using System.Globalization;
using System.Text;
using Data.Import;

namespace Data.Models;

/// <summary>
/// A new listener's plays for fold-in: a TSV of <c>artist TAB plays</c> (artist = name or MBID), one artist a line,
/// with an optional header line. Artists are resolved against a model's catalogue; the ones it does not know are
/// kept, counted and listed, never silently dropped.
/// </summary>
/// <param name="Items">Known artists, increasing, each once (plays of repeated lines summed).</param>
/// <param name="Plays">Their play counts.</param>
/// <param name="Unknown">The artist texts the model does not know, in file order, each once.</param>
/// <param name="Lines">Data lines read (header and blank lines excluded).</param>
public sealed record ListeningHistory(int[] Items, float[] Plays, IReadOnlyList<string> Unknown, int Lines)
{
    /// <summary>Reads <paramref name="path"/> and resolves its artists with <paramref name="lookup"/>.</summary>
    /// <exception cref="InvalidInputException">A line is malformed, longer than <see cref="RejectReasons.MaxLineBytes"/> or names an
    /// artist by a name several artists share (named with its number and the candidates' MBIDs), or the file has no data line.</exception>
    public static ListeningHistory Read(string path, ModelLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(lookup);
        var plays = new SortedDictionary<int, long>();
        var unknown = new List<string>();
        int lineNumber = 0, lines = 0;
        using FileStream stream = File.OpenRead(path);
        var reader = new LineReader(stream);                 // the readers' shared rules: BOM skipped, lines bounded
        while (reader.Next(out ReadOnlySpan<byte> bytes))
        {
            lineNumber++;
            if (reader.LastLineTooLong)
                throw Bad(path, lineNumber, $"longer than {RejectReasons.MaxLineBytes} bytes (line_too_long)");
            string line = Encoding.UTF8.GetString(bytes);
            if (string.IsNullOrWhiteSpace(line)) continue;
            string[] fields = line.Split('\t');
            if (fields.Length != 2) throw Bad(path, lineNumber, $"{fields.Length} tab-separated fields; expected 2 (artist, plays)");
            string artist = fields[0].Trim(), count = fields[1].Trim();
            if (!long.TryParse(count, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value))
            {
                if (lines == 0 && lineNumber == 1) continue;             // a header line
                throw Bad(path, lineNumber, $"plays '{count}' is not a whole number");
            }
            if (!PlaysParser.Check(value, out int checkedPlays, out _, out string detail)) throw Bad(path, lineNumber, detail);
            if (artist.Length == 0) throw Bad(path, lineNumber, "the artist is empty");
            lines++;
            int? item;
            try
            {
                item = lookup.FindArtist(artist);
            }
            catch (AmbiguousArtistException ambiguous)
            {
                throw Bad(path, lineNumber, ambiguous.Message.TrimEnd('.'));
            }
            if (item is not { } known)
            {
                if (!unknown.Contains(artist, StringComparer.Ordinal)) unknown.Add(artist);
                continue;
            }
            plays[known] = plays.GetValueOrDefault(known) + checkedPlays;
        }
        if (lines == 0) throw new InvalidInputException($"{path}: no line of artist TAB plays.");
        return new ListeningHistory([.. plays.Keys], [.. plays.Values.Select(total => (float)total)], unknown, lines);
    }

    private static InvalidInputException Bad(string path, int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}, line {line}: {problem}."));
}
