namespace Data.Import;

/// <summary>Names and limits that go with <see cref="RejectReason"/>.</summary>
public static class RejectReasons
{
    /// <summary>
    /// Plays at or above 2²⁴ = 16,777,216 are rejected: training stores plays as float32, which holds every whole
    /// number below that exactly and rounds above it. (The largest count in the Last.fm 360K data is ~420K.)
    /// </summary>
    public const int MaxPlays = (1 << 24) - 1;

    /// <summary>
    /// Lines longer than 64 KiB are rejected as <c>line_too_long</c> and skipped as they stream past, never held: a
    /// Last.fm line is ~56 bytes and the longest artist name in the 360K data is a few hundred, so only a damaged or
    /// wrong file comes near this, and memory stays bounded whatever the input (a 3 GB file without a newline).
    /// </summary>
    public const int MaxLineBytes = 64 * 1024;

    /// <summary>The reason as written in the rejects file and the manifest (snake_case).</summary>
    public static string Name(RejectReason reason) => reason switch
    {
        RejectReason.WrongFieldCount => "wrong_field_count",
        RejectReason.EmptyUser => "empty_user",
        RejectReason.NoArtist => "no_artist",
        RejectReason.InvalidUtf8 => "invalid_utf8",
        RejectReason.NonNumericPlays => "non_numeric_plays",
        RejectReason.ZeroPlays => "zero_plays",
        RejectReason.NegativePlays => "negative_plays",
        RejectReason.PlaysTooLarge => "plays_too_large",
        RejectReason.EmptyLine => "empty_line",
        RejectReason.LineTooLong => "line_too_long",
        _ => reason.ToString(),
    };
}
