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
        var history = new Accumulator(lookup);
        int lineNumber = 0;
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
                if (history.Lines == 0 && lineNumber == 1) continue;             // a header line
                throw Bad(path, lineNumber, $"plays '{count}' is not a whole number");
            }
            string? problem = history.Add(artist, value);
            if (problem is not null) throw Bad(path, lineNumber, problem);
        }
        if (history.Lines == 0) throw new InvalidInputException($"{path}: no line of artist TAB plays.");
        return history.ToHistory();
    }

    /// <summary>
    /// Resolves a listener's plays given as (artist, plays) pairs, as <see cref="Read"/> resolves the lines of a file: an
    /// artist is a name or an MBID, repeated artists have their plays summed, unknown artists are listed in
    /// <see cref="Unknown"/>. <see cref="Lines"/> counts the pairs.
    /// </summary>
    /// <param name="plays">The pairs, in the caller's order.</param>
    /// <param name="lookup">The model's lookup.</param>
    /// <exception cref="ArgumentException">No pair, or a pair whose artist is empty or a name several artists share, or whose
    /// plays are not a valid count; the message names the pair by its number (from 1).</exception>
    public static ListeningHistory Resolve(IEnumerable<(string Artist, long Plays)> plays, ModelLookup lookup)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(lookup);
        var history = new Accumulator(lookup);
        foreach ((string artist, long value) in plays)
        {
            string? problem = history.Add((artist ?? "").Trim(), value);
            if (problem is not null)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"play {history.Lines + 1}: {problem}."), nameof(plays));
        }
        if (history.Lines == 0) throw new ArgumentException("no plays: give at least one artist with its play count.", nameof(plays));
        return history.ToHistory();
    }

    private static InvalidInputException Bad(string path, int line, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{path}, line {line}: {problem}."));

    /// <summary>Sums plays by artist and lists unknown artists: the one set of rules for a file and for pairs.</summary>
    private sealed class Accumulator(ModelLookup lookup)
    {
        private readonly SortedDictionary<int, long> _plays = [];
        private readonly List<string> _unknown = [];

        /// <summary>Entries accepted so far.</summary>
        public int Lines { get; private set; }

        /// <summary>Adds one entry; returns why it is refused (nothing added), or null.</summary>
        public string? Add(string artist, long value)
        {
            if (!PlaysParser.Check(value, out int checkedPlays, out _, out string detail)) return detail;
            if (artist.Length == 0) return "the artist is empty";
            int? item;
            try
            {
                item = lookup.FindArtist(artist);
            }
            catch (AmbiguousArtistException ambiguous)
            {
                return ambiguous.Message.TrimEnd('.');
            }
            Lines++;
            if (item is not { } known)
            {
                if (!_unknown.Contains(artist, StringComparer.Ordinal)) _unknown.Add(artist);
                return null;
            }
            _plays[known] = _plays.GetValueOrDefault(known) + checkedPlays;
            return null;
        }

        public ListeningHistory ToHistory() =>
            new([.. _plays.Keys], [.. _plays.Values.Select(total => (float)total)], _unknown, Lines);
    }
}
