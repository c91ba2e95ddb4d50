namespace Data.Models;

/// <summary>
/// Why a user's score of an artist is what it is (Hu, Koren, Volinsky 2008, section 5): score = ∑ⱼ sᵘᵢⱼcᵤⱼ over the
/// user's artists j, with sᵘᵢⱼ = yᵢᵀWᵘyⱼ and Wᵘ = (YᵀCᵘY + λI)⁻¹.
/// </summary>
/// <param name="UserIndex">The user.</param>
/// <param name="UserSha1">Its id.</param>
/// <param name="ItemIndex">The artist explained.</param>
/// <param name="ArtistName">Its name.</param>
/// <param name="ArtistMbid">Its MBID ("" when none).</param>
/// <param name="AlreadyListened">Whether the user's training rows hold the artist.</param>
/// <param name="UserArtists">The user's artists in the training rows.</param>
/// <param name="SumOfContributions">∑ⱼ sᵘᵢⱼcᵤⱼ over all of them.</param>
/// <param name="FreshScore">The score of the user's factor solved exactly against the final item factors.</param>
/// <param name="StoredScore">The score of the stored user factor.</param>
/// <param name="Consistent">Whether the sum equals the fresh score within <see cref="TrainedModel.ExplanationTolerance"/>.</param>
/// <param name="Contributors">The largest terms, largest first.</param>
/// <param name="OtherContributions">The sum of the other terms.</param>
public sealed record ExplainedScore(int UserIndex, string UserSha1, int ItemIndex, string ArtistName, string ArtistMbid, bool AlreadyListened,
    int UserArtists, double SumOfContributions, double FreshScore, double StoredScore, bool Consistent, IReadOnlyList<ArtistContribution> Contributors,
    double OtherContributions);
