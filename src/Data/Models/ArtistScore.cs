namespace Data.Models;

/// <summary>One entry of a ranked list of artists: a recommendation (score xᵤ·yᵢ) or a similar artist (cosine).</summary>
/// <param name="Rank">1 for the best.</param>
/// <param name="ItemIndex">The artist's row in the model.</param>
/// <param name="ArtistName">Its name.</param>
/// <param name="ArtistMbid">Its MBID ("" when it has none).</param>
/// <param name="Score">The score the list is ranked by.</param>
public sealed record ArtistScore(int Rank, int ItemIndex, string ArtistName, string ArtistMbid, float Score);
