namespace Data.Models;

/// <summary>One of a user's artists j and its term sᵘᵢⱼcᵤⱼ in the score of an artist i (<see cref="ExplainedScore"/>).</summary>
/// <param name="ItemIndex">Artist j.</param>
/// <param name="ArtistName">Its name.</param>
/// <param name="ArtistMbid">Its MBID ("" when none).</param>
/// <param name="Plays">The user's plays of j.</param>
/// <param name="Confidence">cᵤⱼ under the model's confidence mode.</param>
/// <param name="Similarity">sᵘᵢⱼ = yᵢᵀWᵘyⱼ.</param>
/// <param name="Value">sᵘᵢⱼcᵤⱼ.</param>
public sealed record ArtistContribution(int ItemIndex, string ArtistName, string ArtistMbid, float Plays, float Confidence, double Similarity, double Value);
