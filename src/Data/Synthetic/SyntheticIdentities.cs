using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Linalg.Sampling;

namespace Data.Synthetic;

/// <summary>
/// The strings of synthetic Last.fm data, each a deterministic function of (seed, index): 40-hex user ids,
/// MusicBrainz-style artist ids (about 1% empty, as in the real file) and artist names with the oddities of
/// real ones (accents, Cyrillic, CJK, quotes, commas, ampersands, parentheses, exclamation marks), never a tab,
/// carriage return or line feed.
/// </summary>
public sealed class SyntheticIdentities
{
    /// <summary>Stream salts: each kind of string draws from its own streams.</summary>
    private const ulong MbidSalt = 0xBB67AE8584CAA73BUL, MissingSalt = 0x3C6EF372FE94F82BUL, NameSalt = 0xA54FF53A5F1D36F1UL;

    private static readonly string[] Latin = ["ka", "lo", "mi", "ra", "ven", "tor", "el", "an", "dre", "sol", "mar", "lin", "qui",
        "ix", "ber", "gen", "tha", "ro", "su", "ne", "bo", "zz", "ly", "cor", "vin", "ash", "ton", "fe", "ga", "pol"];
    private static readonly string[] Cyrillic = ["ка", "ли", "ро", "на", "ми", "то", "за", "вол", "рек", "сон", "жи", "ба", "ду"];
    private static readonly string[] Cjk = ["東", "京", "事", "変", "少", "女", "時", "代", "光", "夜", "海", "空", "さ", "く", "ら", "の", "う", "た", "ミ", "カ", "ヤ"];
    private static readonly (char Plain, char Accented)[] Accents = [('a', 'á'), ('e', 'é'), ('i', 'í'), ('o', 'ö'), ('u', 'ü'), ('o', 'ø'), ('a', 'å'), ('n', 'ñ')];

    private readonly ulong _seed;
    private readonly double _missingMbidShare;

    /// <summary>Identities under <paramref name="seed"/>, with the given share of artists lacking an MBID.</summary>
    public SyntheticIdentities(ulong seed, double missingMbidShare)
    {
        _seed = seed;
        _missingMbidShare = missingMbidShare;
    }

    /// <summary>The user's id: 40 lowercase hex digits (a SHA-1, as in the real file).</summary>
    public string UserSha1(int user)
    {
#pragma warning disable CA5350 // SHA-1 is the real file's id format, not a security measure.
        byte[] hash = SHA1.HashData(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"user:{_seed}:{user}")));
#pragma warning restore CA5350
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>The artist's MBID (lowercase UUID 8-4-4-4-12, version 4), or empty for about the configured share of artists.</summary>
    public string ArtistMbid(int artist)
    {
        if (SplitMix64.Derive(_seed ^ MissingSalt, (ulong)artist).NextDouble() < _missingMbidShare) return "";
        var random = SplitMix64.Derive(_seed ^ MbidSalt, (ulong)artist);
        ulong high = random.NextUInt64(), low = random.NextUInt64();
        high = (high & 0xFFFFFFFFFFFF0FFFUL) | 0x0000000000004000UL;        // version 4
        low = (low & 0x3FFFFFFFFFFFFFFFUL) | 0x8000000000000000UL;          // RFC 4122 variant
        string hex = high.ToString("x16", CultureInfo.InvariantCulture) + low.ToString("x16", CultureInfo.InvariantCulture);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>The artist's display name.</summary>
    public string ArtistName(int artist)
    {
        var random = SplitMix64.Derive(_seed ^ NameSalt, (ulong)artist);
        string First() => Word(ref random, Latin, capitalize: true);
        return random.NextInt(20) switch
        {
            < 6 => First(),
            < 8 => $"{First()} {First()}",
            8 => $"The {First()}s",
            9 => $"DJ {First()}",
            10 => $"{First()} & the {First()}s",
            11 => $"{First()}, {First()} & {First()}",
            12 => $"\"{First()}\" {First()}",
            13 => $"{First()}'s {First()}",
            14 => $"{First()}!!!",
            15 => Accent(ref random, $"{First()} {First()}"),
            16 => $"{Word(ref random, Cyrillic, capitalize: true)} {Word(ref random, Cyrillic, capitalize: false)}",
            17 => Word(ref random, Cjk, capitalize: false) + Word(ref random, Cjk, capitalize: false),
            18 => $"{First()} ({First()})",
            _ => $"{First()} feat. {First()}",
        };
    }

    private static string Word(ref SplitMix64 random, string[] syllables, bool capitalize)
    {
        int count = 1 + random.NextInt(3);
        var builder = new StringBuilder();
        for (int i = 0; i < count; i++) builder.Append(syllables[random.NextInt(syllables.Length)]);
        if (capitalize) builder[0] = char.ToUpperInvariant(builder[0]);
        return builder.ToString();
    }

    private static string Accent(ref SplitMix64 random, string name)
    {
        (char plain, char accented) = Accents[random.NextInt(Accents.Length)];
        int position = name.IndexOf(plain, StringComparison.Ordinal);
        return position < 0 ? name + " " + accented : string.Concat(name.AsSpan(0, position), accented.ToString(), name.AsSpan(position + 1));
    }
}
