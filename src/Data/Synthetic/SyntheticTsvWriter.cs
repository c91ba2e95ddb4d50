using System.Buffers.Text;
using System.Text;
using Linalg.Sampling;

namespace Data.Synthetic;

/// <summary>
/// Writes synthetic data in the exact format of the Last.fm 360K file
/// (<c>user_sha1 TAB artist_mbid TAB artist_name TAB plays</c>, no header, UTF-8 without BOM, grouped by user),
/// streaming, optionally with malformed lines and duplicate user–artist lines at seeded positions.
/// </summary>
public static class SyntheticTsvWriter
{
    /// <summary>Salt of the stream that places injected lines, apart from the data's streams.</summary>
    private const ulong InjectionSalt = 0x1F83D9ABFB41BD6BUL;

    /// <summary>Bytes buffered before a write to the stream.</summary>
    private const int BufferSize = 1 << 20;

    /// <summary>Writes every user of <paramref name="generator"/> to <paramref name="output"/>.</summary>
    /// <param name="generator">The data.</param>
    /// <param name="output">Where the lines go.</param>
    /// <param name="faults">Malformed lines to inject, of every <see cref="FaultKind"/> in turn.</param>
    /// <param name="duplicates">Valid lines repeating an earlier user–artist pair with other plays (for merge counting).</param>
    public static SyntheticTsvReport Write(SyntheticGenerator generator, Stream output, int faults = 0, int duplicates = 0)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegative(faults);
        ArgumentOutOfRangeException.ThrowIfNegative(duplicates);
        SyntheticSpec spec = generator.Spec;
        long rows = 0;
        for (int user = 0; user < spec.Users; user++) rows += generator.ActivityOf(user);

        // Injections go after seeded row numbers (0-based among generated rows); faults cycle through every kind.
        var random = SplitMix64.Derive(generator.Seed, InjectionSalt);
        var after = new SortedDictionary<long, List<FaultKind?>>();
        FaultKind[] kinds = Enum.GetValues<FaultKind>();
        for (int i = 0; i < faults + duplicates; i++)
        {
            long position = rows == 0 ? 0 : (long)(random.NextDouble() * rows);
            if (!after.TryGetValue(position, out List<FaultKind?>? list)) after[position] = list = [];
            list.Add(i < faults ? kinds[i % kinds.Length] : null);
        }

        var names = new byte[spec.Artists][];
        var mbids = new byte[spec.Artists][];
        var writer = new LineWriter(output);
        var buffer = new UserBuffer();
        var injected = new List<InjectedLine>();
        long row = 0, valid = 0;
        for (int user = 0; user < spec.Users; user++)
        {
            int count = generator.GenerateUser(user, buffer);
            byte[] sha1 = Encoding.ASCII.GetBytes(generator.Identities.UserSha1(user));
            for (int j = 0; j < count; j++, row++)
            {
                int artist = buffer.Artists[j];
                byte[] mbid = mbids[artist] ??= Encoding.UTF8.GetBytes(generator.Identities.ArtistMbid(artist));
                byte[] name = names[artist] ??= Encoding.UTF8.GetBytes(generator.Identities.ArtistName(artist));
                writer.Row(sha1, mbid, name, buffer.Plays[j]);
                valid++;
                if (!after.TryGetValue(row, out List<FaultKind?>? additions)) continue;
                foreach (FaultKind? kind in additions)
                {
                    if (kind is null)
                    {
                        writer.Row(sha1, mbid, name, buffer.Plays[j] % 97 + 1);       // the same pair again: prepare sums it
                        valid++;
                    }
                    else
                    {
                        writer.Fault(kind.Value, sha1, mbid, name);
                    }
                    injected.Add(new InjectedLine(writer.Lines, kind));
                }
            }
        }
        writer.Flush();
        return new SyntheticTsvReport(writer.Lines, valid, writer.Bytes, injected);
    }

    /// <summary>"\tbad ? name\t12" where ? is 0xC3 0x28: a UTF-8 lead byte followed by a non-continuation byte.</summary>
    private static readonly byte[] InvalidName = [(byte)'\t', (byte)'b', (byte)'a', (byte)'d', (byte)' ', 0xC3, 0x28, (byte)' ', (byte)'n', (byte)'a',
        (byte)'m', (byte)'e', (byte)'\t', (byte)'1', (byte)'2'];

    /// <summary>Buffers lines and writes them in large blocks.</summary>
    private sealed class LineWriter(Stream output)
    {
        private readonly byte[] _buffer = new byte[BufferSize];
        private int _used;

        public long Lines { get; private set; }

        public long Bytes { get; private set; }

        public void Row(byte[] user, byte[] mbid, byte[] name, int plays)
        {
            Append(user);
            Append("\t"u8);
            Append(mbid);
            Append("\t"u8);
            Append(name);
            Append("\t"u8);
            Number(plays);
            End();
        }

        public void Fault(FaultKind kind, byte[] user, byte[] mbid, byte[] name)
        {
            switch (kind)
            {
                case FaultKind.TooFewFields: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); break;
                case FaultKind.TooManyFields: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\t12\textra"u8); break;
                case FaultKind.EmptyUser: Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\t12"u8); break;
                case FaultKind.InvalidUtf8: Append(user); Append("\t"u8); Append(mbid); Append(InvalidName); break;
                case FaultKind.NonNumericPlays: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\ttwelve"u8); break;
                case FaultKind.ZeroPlays: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\t0"u8); break;
                case FaultKind.NegativePlays: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\t-5"u8); break;
                case FaultKind.PlaysOverflow: Append(user); Append("\t"u8); Append(mbid); Append("\t"u8); Append(name); Append("\t99999999999"u8); break;
                default: Append(user); Append("\t\t\t12"u8); break;                       // no artist: empty MBID and name
            }
            End();
        }

        public void Flush()
        {
            output.Write(_buffer, 0, _used);
            Bytes += _used;
            _used = 0;
            output.Flush();
        }

        private void Append(ReadOnlySpan<byte> bytes)
        {
            if (_used + bytes.Length > _buffer.Length)
            {
                output.Write(_buffer, 0, _used);
                Bytes += _used;
                _used = 0;
            }
            bytes.CopyTo(_buffer.AsSpan(_used));
            _used += bytes.Length;
        }

        private void Number(int value)
        {
            Span<byte> digits = stackalloc byte[11];
            Utf8Formatter.TryFormat(value, digits, out int written);
            Append(digits[..written]);
        }

        private void End()
        {
            Append("\n"u8);
            Lines++;
        }
    }
}
