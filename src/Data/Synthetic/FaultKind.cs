namespace Data.Synthetic;

/// <summary>Kinds of malformed lines <see cref="SyntheticTsvWriter"/> can inject, one per way a real input goes wrong.</summary>
public enum FaultKind
{
    /// <summary>Three fields instead of four.</summary>
    TooFewFields,
    /// <summary>Five fields instead of four.</summary>
    TooManyFields,
    /// <summary>An empty user id.</summary>
    EmptyUser,
    /// <summary>Bytes that are not UTF-8 in the artist name.</summary>
    InvalidUtf8,
    /// <summary>Plays that are not a number.</summary>
    NonNumericPlays,
    /// <summary>Plays of zero.</summary>
    ZeroPlays,
    /// <summary>Negative plays.</summary>
    NegativePlays,
    /// <summary>Plays beyond a 32-bit integer.</summary>
    PlaysOverflow,
    /// <summary>Neither an MBID nor a name for the artist.</summary>
    NoArtist,
}
