namespace Data.Import;

/// <summary>Which columns of a Parquet input hold the user, the artist, the plays and (optionally) the artist's name.</summary>
/// <param name="User">User id column (any integer or string column).</param>
/// <param name="Item">Artist id column (any integer or string column).</param>
/// <param name="Plays">Play count column (integer, or float with whole values).</param>
/// <param name="Name">Artist name column, when the file has one.</param>
public sealed record ParquetColumnsOptions(string User = "user", string Item = "artist", string Plays = "plays", string? Name = null);
