using Cli.Models;

namespace Cli.Serving;

// The JSON bodies of the service that the CLI has no twin for (the others are the commands' own types in Cli.Models).
// Names are snake_case on the wire (ModelCommand.CompactJson).

/// <summary><c>POST /recommend</c>: users by id or index, with the same choices as <c>GET /recommend</c>.</summary>
/// <param name="Users">User ids (user_sha1) or indices, as strings.</param>
/// <param name="N">Recommendations per user (default 10).</param>
/// <param name="Filter">Leave out each user's listened artists (default true).</param>
/// <param name="Candidates">Rank only these artists (names or MBIDs); null: every artist.</param>
internal sealed record BatchRecommendRequest(IReadOnlyList<string> Users, int? N = null, bool? Filter = null, IReadOnlyList<string>? Candidates = null);

/// <summary>The answer to <c>POST /recommend</c>: one entry per requested user, in request order.</summary>
internal sealed record BatchRecommendAnswer(IReadOnlyList<UserRecommendations> Results);

/// <summary><c>POST /fold-in</c>: a new listener's plays.</summary>
/// <param name="Plays">Artists (name or MBID) with play counts.</param>
/// <param name="N">Recommendations (default 10).</param>
internal sealed record FoldInRequest(IReadOnlyList<FoldInPlay> Plays, int? N = null);

/// <summary>One artist of a <see cref="FoldInRequest"/>.</summary>
internal sealed record FoldInPlay(string Artist, long Plays);

/// <summary>The answer to <c>GET /search</c>: users whose id starts with the text, artists whose name starts with or contains it.</summary>
internal sealed record SearchAnswer(IReadOnlyList<UserMatch> Users, IReadOnlyList<ArtistMatch> Artists);

/// <summary>A user found by <c>GET /search</c>.</summary>
internal sealed record UserMatch(int UserIndex, string UserSha1);

/// <summary>An artist found by <c>GET /search</c>.</summary>
internal sealed record ArtistMatch(int ItemIndex, string ArtistName, string ArtistMbid);

/// <summary>The answer to <c>GET /healthz</c>.</summary>
internal sealed record HealthAnswer(string Status, int Users, int Artists, int Factors);

/// <summary>Every refused request's body.</summary>
internal sealed record ErrorAnswer(string Error);
