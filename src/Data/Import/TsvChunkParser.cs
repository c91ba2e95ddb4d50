using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Data.Import;

/// <summary>
/// Parses one <see cref="TsvChunk"/> of the Last.fm 360K format (<c>user_sha1 TAB artist_mbid TAB artist_name TAB
/// plays</c>) into a <see cref="ParsedTsvChunk"/>, in two passes: <em>parse</em> checks every line (length, UTF-8,
/// four fields, a user, plays) and notes its field offsets; <em>key</em> numbers the distinct user ids and artists
/// of the chunk by their raw bytes, so an artist's key (lowercased MBID or normalised name, <see cref="ArtistKey"/>)
/// is computed once per distinct spelling in the chunk rather than once per line. An MBID spelling the merge has
/// already numbered (<see cref="KnownSpellings"/>) gets the collector's artist straight away. One parser per thread;
/// it reuses its tables from chunk to chunk.
/// </summary>
internal sealed class TsvChunkParser
{
    private readonly ByteSpanTable _users = new(), _mbids = new(), _names = new();
    private readonly List<int> _mbidArtists = [], _nameArtists = [], _userStarts = [];    // table entry → chunk-local artist (-1: no usable name)
    private readonly List<ParsedTsvChunk.LocalArtist> _artists = [];
    private int[] _lines = [], _userEnds = [], _mbidEnds = [], _nameEnds = [], _plays = [];
    private char[] _chars = new char[1024];

    /// <summary>Parses <paramref name="chunk"/> (which the result then owns), resolving the MBID spellings <paramref name="known"/> holds.</summary>
    public ParsedTsvChunk Parse(TsvChunk chunk, ImportTimings timings, KnownSpellings? known)
    {
        long start = Stopwatch.GetTimestamp();
        var rejects = new List<ParsedTsvChunk.Reject>();
        int rows = ParseLines(chunk, rejects);
        start = timings.AddParse(start);
        ParsedTsvChunk parsed = Key(chunk, rows, rejects, known);
        timings.AddKey(start);
        return parsed;
    }

    /// <summary>Pass 1: checks each line; accepted lines leave their field offsets and plays, the others a reject.</summary>
    private int ParseLines(TsvChunk chunk, List<ParsedTsvChunk.Reject> rejects)
    {
        if (_lines.Length < chunk.Lines)
        {
            int size = Math.Max(chunk.Lines, _lines.Length * 2);
            _lines = new int[size];
            _userEnds = new int[size];
            _mbidEnds = new int[size];
            _nameEnds = new int[size];
            _plays = new int[size];
        }
        byte[] bytes = chunk.Bytes;
        IReadOnlyList<int> tooLong = chunk.TooLong;
        int nextTooLong = 0, rows = 0;
        for (int index = 0; index < chunk.Lines; index++)
        {
            int start = chunk.LineStart(index);
            ReadOnlySpan<byte> line = bytes.AsSpan(start, chunk.LineEnds[index] - start);
            long number = chunk.FirstLine + index;
            if (nextTooLong < tooLong.Count && tooLong[nextTooLong] == index)
            {
                nextTooLong++;
                rejects.Add(new(number, RejectReason.LineTooLong, LastFmTsvReader.TooLong, start, line.Length));
                continue;
            }
            if (line.IsEmpty)
            {
                rejects.Add(new(number, RejectReason.EmptyLine, "empty line", start, 0));
                continue;
            }
            if (!Utf8.IsValid(line))
            {
                rejects.Add(new(number, RejectReason.InvalidUtf8, "the line is not valid UTF-8", start, line.Length));
                continue;
            }
            int userEnd = line.IndexOf((byte)'\t');
            int mbidEnd = userEnd < 0 ? -1 : NextTab(line, userEnd);
            int nameEnd = mbidEnd < 0 ? -1 : NextTab(line, mbidEnd);
            if (nameEnd < 0 || NextTab(line, nameEnd) >= 0)
            {
                int count = line.Count((byte)'\t') + 1;
                rejects.Add(new(number, RejectReason.WrongFieldCount, string.Create(CultureInfo.InvariantCulture, $"{count} fields, expected 4"), start, line.Length));
                continue;
            }
            if (userEnd == 0)
            {
                rejects.Add(new(number, RejectReason.EmptyUser, "empty user id", start, line.Length));
                continue;
            }
            if (!PlaysParser.TryParse(line[(nameEnd + 1)..], out int plays, out RejectReason reason, out string detail))
            {
                rejects.Add(new(number, reason, detail, start, line.Length));
                continue;
            }
            _lines[rows] = index;
            _userEnds[rows] = start + userEnd;
            _mbidEnds[rows] = start + mbidEnd;
            _nameEnds[rows] = start + nameEnd;
            _plays[rows] = plays;
            rows++;
        }
        return rows;
    }

    private static int NextTab(ReadOnlySpan<byte> line, int tab)
    {
        int next = line[(tab + 1)..].IndexOf((byte)'\t');
        return next < 0 ? -1 : tab + 1 + next;
    }

    /// <summary>Pass 2: numbers artists then users (a line without a usable artist never registers its user).</summary>
    private ParsedTsvChunk Key(TsvChunk chunk, int rows, List<ParsedTsvChunk.Reject> rejects, KnownSpellings? known)
    {
        byte[] bytes = chunk.Bytes;
        _users.Reset();
        _mbids.Reset();
        _names.Reset();
        _mbidArtists.Clear();
        _nameArtists.Clear();
        _artists.Clear();
        _userStarts.Clear();
        int[] rowUsers = ArrayPool<int>.Shared.Rent(Math.Max(1, rows));
        int[] rowArtists = ArrayPool<int>.Shared.Rent(Math.Max(1, rows));
        int[] rowPlays = ArrayPool<int>.Shared.Rent(Math.Max(1, rows));
        List<ParsedTsvChunk.Reject>? noArtist = null;
        int kept = 0, previousUser = -1, previousStart = 0, previousLength = -1;
        for (int row = 0; row < rows; row++)
        {
            int lineStart = chunk.LineStart(_lines[row]);
            int userEnd = _userEnds[row], mbidEnd = _mbidEnds[row], nameEnd = _nameEnds[row];
            int artist;
            ReadOnlySpan<byte> mbid = bytes.AsSpan(userEnd + 1, mbidEnd - userEnd - 1);
            if (!mbid.Trim((byte)' ').IsEmpty)
            {
                int hash = ByteSpanTable.Hash(mbid);
                int global = known?.ArtistOf(mbid, hash) ?? -1;
                if (global >= 0)
                {
                    artist = ~global;                                         // the collector's artist already: one lookup, nothing left to merge
                }
                else
                {
                    int entry = _mbids.GetOrAdd(mbid, hash, out bool added);
                    if (added)
                    {
                        _mbidArtists.Add(_artists.Count);
                        _artists.Add(new(userEnd + 1, mbid.Length, hash, mbidEnd + 1, nameEnd - mbidEnd - 1, null));
                    }
                    artist = _mbidArtists[entry];
                }
            }
            else
            {
                ReadOnlySpan<byte> name = bytes.AsSpan(mbidEnd + 1, nameEnd - mbidEnd - 1);
                int entry = _names.GetOrAdd(name, ByteSpanTable.Hash(name), out bool added);
                if (added)
                {
                    string? key = ArtistKey.FromName(Decode(name, ref _chars));
                    _nameArtists.Add(key is null ? -1 : _artists.Count);
                    if (key is not null) _artists.Add(new(0, 0, 0, mbidEnd + 1, name.Length, key));
                }
                artist = _nameArtists[entry];
                if (artist < 0)
                {
                    int index = _lines[row];
                    (noArtist ??= []).Add(new(chunk.FirstLine + index, RejectReason.NoArtist, "empty MBID and artist name", lineStart, chunk.LineEnds[index] - lineStart));
                    continue;
                }
            }
            // Rows of one user are consecutive in the file: look the id up only when it changes.
            int userLength = userEnd - lineStart;
            ReadOnlySpan<byte> user = bytes.AsSpan(lineStart, userLength);
            if (userLength != previousLength || !user.SequenceEqual(bytes.AsSpan(previousStart, previousLength)))
            {
                previousUser = _users.GetOrAdd(user, ByteSpanTable.Hash(user), out bool added);
                if (added) _userStarts.Add(lineStart);
                previousStart = lineStart;
                previousLength = userLength;
            }
            rowUsers[kept] = previousUser;
            rowArtists[kept] = artist;
            rowPlays[kept] = _plays[row];
            kept++;
        }
        int[] userLengths = new int[_users.Count];
        for (int user = 0; user < userLengths.Length; user++) userLengths[user] = _users.Key(user).Length;
        ParsedTsvChunk.LocalArtist[] artists = ArrayPool<ParsedTsvChunk.LocalArtist>.Shared.Rent(Math.Max(1, _artists.Count));
        _artists.CopyTo(artists);
        return new ParsedTsvChunk(chunk, kept, rowUsers, rowArtists, rowPlays, [.. _userStarts], userLengths, artists, _artists.Count,
            noArtist is null ? rejects : InLineOrder(rejects, noArtist));
    }

    /// <summary>Merges two reject lists that are each in line order.</summary>
    private static List<ParsedTsvChunk.Reject> InLineOrder(List<ParsedTsvChunk.Reject> first, List<ParsedTsvChunk.Reject> second)
    {
        var merged = new List<ParsedTsvChunk.Reject>(first.Count + second.Count);
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
            merged.Add(j == second.Count || (i < first.Count && first[i].Line < second[j].Line) ? first[i++] : second[j++]);
        return merged;
    }

    /// <summary>UTF-8 (already validated) to chars in a reused buffer, from <paramref name="offset"/> on (two fields can be live at once).</summary>
    internal static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, ref char[] buffer, int offset = 0)
    {
        if (buffer.Length < offset + bytes.Length) Array.Resize(ref buffer, (offset + bytes.Length) * 2);
        int count = Encoding.UTF8.GetChars(bytes, buffer.AsSpan(offset));
        return buffer.AsSpan(offset, count);
    }
}
