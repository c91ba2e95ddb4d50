namespace Data.Datasets;

/// <summary>Split settings recorded in the manifest.</summary>
/// <param name="TestFraction">Share of an eligible user's artists held out.</param>
/// <param name="Seed">Split seed.</param>
/// <param name="MinInteractions">Users with fewer rows keep everything in train.</param>
/// <param name="UserKey">How each user's random stream is keyed.</param>
public sealed record SplitSettings(double TestFraction, ulong Seed, int MinInteractions, string UserKey);
