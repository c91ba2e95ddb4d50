namespace Data.Import;

/// <summary>Names and limits that go with <see cref="RejectReason"/>.</summary>
public static class RejectReasons
{
    /// <summary>
    /// Plays at or above 2²⁴ = 16,777,216 are rejected: training stores plays as float32, which holds every whole
    /// number below that exactly and rounds above it. (The largest count in the Last.fm 360K data is ~420K.)
    /// </summary>
    public const int MaxPlays = (1 << 24) - 1;

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
        _ => reason.ToString(),
    };
}
