using System.Globalization;
using System.Text;

namespace Data.Import;

/// <summary>
/// Artist identity: the MusicBrainz id when the row has one (lowercased), else the normalised name. Names are
/// normalised by Unicode NFKC, case folding (invariant lowercase), trimming and collapsing runs of white space,
/// so "Björk", " björk " and "BJÖRK" are one artist, while two artists with different MBIDs stay two even when
/// their names match. An artist listed both with and without an MBID counts twice: the file gives no way to
/// tell that they are the same.
/// </summary>
public static class ArtistKey
{
    /// <summary>Prefix of name-based keys, so a name can never collide with an MBID.</summary>
    public const string NamePrefix = "name:";

    /// <summary>The key for an MBID.</summary>
    public static string FromMbid(ReadOnlySpan<char> mbid) => mbid.Trim().ToString().ToLowerInvariant();

    /// <summary>The key for a name, or null when the name is empty after normalisation.</summary>
    public static string? FromName(ReadOnlySpan<char> name)
    {
        string normalized = NormalizeName(name);
        return normalized.Length == 0 ? null : NamePrefix + normalized;
    }

    /// <summary>NFKC, lowercase, trimmed, inner white space collapsed to single spaces.</summary>
    public static string NormalizeName(ReadOnlySpan<char> name)
    {
        string text = name.ToString().Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture);
        var builder = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space) builder.Append(' ');
            space = false;
            builder.Append(c);
        }
        return builder.ToString();
    }
}
