namespace Data.Import;

/// <summary>Why an input row was dropped. Every dropped row is written to the rejects file with one of these.</summary>
public enum RejectReason
{
    /// <summary>Not the expected number of fields.</summary>
    WrongFieldCount,
    /// <summary>The user id is empty.</summary>
    EmptyUser,
    /// <summary>Neither an MBID nor a usable artist name (nor an artist id).</summary>
    NoArtist,
    /// <summary>The line is not valid UTF-8.</summary>
    InvalidUtf8,
    /// <summary>Plays is not a whole number.</summary>
    NonNumericPlays,
    /// <summary>Plays is zero.</summary>
    ZeroPlays,
    /// <summary>Plays is negative.</summary>
    NegativePlays,
    /// <summary>Plays is 2²⁴ or more: beyond what float32 training data holds exactly.</summary>
    PlaysTooLarge,
    /// <summary>An empty line.</summary>
    EmptyLine,
    /// <summary>The line is longer than <see cref="RejectReasons.MaxLineBytes"/>: skipped without being held in memory.</summary>
    LineTooLong,
}
