using System.Globalization;
using System.Text;
using System.Text.Unicode;

namespace Data.Import;

/// <summary>
/// Reads the Last.fm 360K format: <c>user_sha1 TAB artist_mbid TAB artist_name TAB plays</c>, no header, UTF-8.
/// Every line either becomes a row of the collector or a rejected row with its line number and reason.
/// </summary>
public static class LastFmTsvReader
{
    /// <summary>The detail of a <see cref="RejectReason.LineTooLong"/> reject.</summary>
    internal static readonly string TooLong = string.Create(CultureInfo.InvariantCulture, $"the line is longer than {RejectReasons.MaxLineBytes} bytes (first bytes shown)");

    /// <summary>Reads every line of <paramref name="input"/>.</summary>
    /// <param name="input">The TSV bytes.</param>
    /// <param name="collector">Receives the rows.</param>
    /// <param name="rejects">Receives the dropped lines.</param>
    /// <param name="progress">Called every 1M lines with (bytes read, lines read).</param>
    /// <returns>The number of lines read.</returns>
    public static long Read(Stream input, InteractionCollector collector, RejectWriter rejects, Action<long, long>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(rejects);
        var lines = new LineReader(input);
        char[] chars = new char[1024];
        byte[] previousUser = new byte[256];
        int previousUserLength = -1, previousUserIndex = -1;
        long number = 0;
        Span<int> tabs = stackalloc int[4];
        while (lines.Next(out ReadOnlySpan<byte> line))
        {
            number++;
            if (number % 1_000_000 == 0) progress?.Invoke(lines.BytesRead, number);
            if (lines.LastLineTooLong)
            {
                rejects.Reject(number, RejectReason.LineTooLong, TooLong, line);
                continue;
            }
            if (line.IsEmpty)
            {
                rejects.Reject(number, RejectReason.EmptyLine, "empty line", line);
                continue;
            }
            if (!Utf8.IsValid(line))
            {
                rejects.Reject(number, RejectReason.InvalidUtf8, "the line is not valid UTF-8", line);
                continue;
            }
            int fields = 1;
            for (int i = 0; i < line.Length && fields <= 4; i++)
                if (line[i] == (byte)'\t') tabs[fields++ - 1] = i;
            if (fields != 4)
            {
                int count = line.Count((byte)'\t') + 1;
                rejects.Reject(number, RejectReason.WrongFieldCount, string.Create(CultureInfo.InvariantCulture, $"{count} fields, expected 4"), line);
                continue;
            }
            ReadOnlySpan<byte> user = line[..tabs[0]];
            ReadOnlySpan<byte> mbid = line[(tabs[0] + 1)..tabs[1]];
            ReadOnlySpan<byte> name = line[(tabs[1] + 1)..tabs[2]];
            ReadOnlySpan<byte> playsText = line[(tabs[2] + 1)..];
            if (user.IsEmpty)
            {
                rejects.Reject(number, RejectReason.EmptyUser, "empty user id", line);
                continue;
            }
            if (!PlaysParser.TryParse(playsText, out int plays, out RejectReason reason, out string detail))
            {
                rejects.Reject(number, reason, detail, line);
                continue;
            }
            int item;
            if (!mbid.Trim((byte)' ').IsEmpty)
            {
                item = collector.ArtistByMbid(Decode(mbid, ref chars), Decode(name, ref chars, offset: mbid.Length));
            }
            else
            {
                string? key = ArtistKey.FromName(Decode(name, ref chars));
                if (key is null)
                {
                    rejects.Reject(number, RejectReason.NoArtist, "empty MBID and artist name", line);
                    continue;
                }
                item = collector.ArtistByName(key, Decode(name, ref chars));
            }
            // Rows of one user are consecutive in the file: look the id up only when it changes.
            if (previousUserLength != user.Length || !user.SequenceEqual(previousUser.AsSpan(0, previousUserLength)))
            {
                previousUserIndex = collector.User(Decode(user, ref chars));
                if (user.Length <= previousUser.Length)
                {
                    user.CopyTo(previousUser);
                    previousUserLength = user.Length;
                }
                else
                {
                    previousUserLength = -1;
                }
            }
            collector.Add(previousUserIndex, item, plays);
        }
        progress?.Invoke(lines.BytesRead, number);
        return number;
    }

    /// <summary>UTF-8 (already validated) to chars in a reused buffer, from <paramref name="offset"/> on (two fields can be live at once).</summary>
    private static ReadOnlySpan<char> Decode(ReadOnlySpan<byte> bytes, ref char[] buffer, int offset = 0)
    {
        if (buffer.Length < offset + bytes.Length) Array.Resize(ref buffer, (offset + bytes.Length) * 2);
        int count = Encoding.UTF8.GetChars(bytes, buffer.AsSpan(offset));
        return buffer.AsSpan(offset, count);
    }
}
