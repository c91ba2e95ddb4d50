namespace Data.Datasets;

/// <summary>The input of <c>prepare</c>.</summary>
/// <param name="Path">The input file as given.</param>
/// <param name="Format">lastfm360k, hetrec or parquet.</param>
/// <param name="Bytes">Its size.</param>
public sealed record SourceInfo(string Path, string Format, long Bytes);
