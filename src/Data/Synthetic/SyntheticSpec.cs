namespace Data.Synthetic;

/// <summary>
/// Every shape parameter of the synthetic Last.fm-shaped generator (<see cref="SyntheticGenerator"/>).
/// </summary>
/// <remarks>
/// <para>The model, per user u (each from its own seeded stream):</para>
/// <list type="number">
/// <item>activity nᵤ ~ round(LogNormal(ln <see cref="ActivityMedian"/>, <see cref="ActivitySigma"/>)), clipped to
/// [<see cref="MinActivity"/>, <see cref="MaxActivity"/>] and to half the catalogue;</item>
/// <item>1 to <see cref="MaxGroupsPerUser"/> taste groups out of <see cref="TasteGroups"/>;</item>
/// <item>nᵤ distinct artists: each pick comes, with probability <see cref="InTasteShare"/>, from one of the user's
/// groups, else from the whole catalogue, in both cases weighted by popularity wₐ = 1/(a + <see cref="PopularityOffset"/>)^<see cref="PopularityExponent"/>
/// (artist index a = popularity rank; the offset flattens the head, as the most popular Last.fm artist reaches
/// about a fifth of users, not all);</item>
/// <item>plays ~ ⌈LogNormal(ln <see cref="PlaysMedian"/>, <see cref="PlaysSigma"/>)⌉ × <see cref="InTastePlaysFactor"/> for
/// in-taste artists, clipped to [1, <see cref="MaxPlays"/>].</item>
/// </list>
/// <para>Artist a belongs to group Mix(seed, a) mod G, so every group mixes head and tail artists.</para>
/// </remarks>
/// <param name="Name">Preset name as the command line spells it.</param>
/// <param name="Users">Number of users.</param>
/// <param name="Artists">Number of artists in the catalogue.</param>
/// <param name="ActivityMedian">Median distinct artists per user.</param>
/// <param name="ActivitySigma">Log-normal σ of artists per user.</param>
/// <param name="MinActivity">Fewest artists per user.</param>
/// <param name="MaxActivity">Most artists per user.</param>
/// <param name="PopularityExponent">Zipf exponent s of artist popularity.</param>
/// <param name="PopularityOffset">Head-flattening offset of the popularity weights.</param>
/// <param name="TasteGroups">Number of latent taste groups G.</param>
/// <param name="MaxGroupsPerUser">Most taste groups of one user.</param>
/// <param name="InTasteShare">Probability that a pick comes from the user's groups.</param>
/// <param name="PlaysMedian">Median plays of an out-of-taste artist.</param>
/// <param name="PlaysSigma">Log-normal σ of plays.</param>
/// <param name="InTastePlaysFactor">Play multiplier for in-taste artists (plays carry signal too).</param>
/// <param name="MaxPlays">Largest play count.</param>
/// <param name="MissingMbidShare">Share of artists without a MusicBrainz id.</param>
public sealed record SyntheticSpec(
    string Name,
    int Users,
    int Artists,
    double ActivityMedian,
    double ActivitySigma,
    int MinActivity,
    int MaxActivity,
    double PopularityExponent,
    double PopularityOffset,
    int TasteGroups,
    int MaxGroupsPerUser,
    double InTasteShare,
    double PlaysMedian,
    double PlaysSigma,
    double InTastePlaysFactor,
    int MaxPlays,
    double MissingMbidShare)
{
    /// <summary>The parameters of a preset.</summary>
    public static SyntheticSpec For(SyntheticPreset preset) => preset switch
    {
        // Activity: a median of 45 and σ = 0.4 give a mean of ~48.7 artists per user, the 360K data's 17.5M / 358,868.
        SyntheticPreset.Small => Base("small", 2_000, 5_000, activityMedian: 45, groups: 20),
        // The top-20K users of the 360K data are more active: 1.36M rows / 20,000 users = 68 per user.
        SyntheticPreset.Users20K => Base("20k", 20_000, 67_000, activityMedian: 63, groups: 60),
        SyntheticPreset.Users360K => Base("360k", 358_868, 160_112, activityMedian: 45, groups: 120),
        _ => throw new ArgumentOutOfRangeException(nameof(preset), preset, "Unknown preset."),
    };

    /// <summary>
    /// This shape with <paramref name="factor"/> times the users and the same artists. Users are generated one by one
    /// from their own seeded streams, so the first <see cref="Users"/> users are exactly this spec's and the others
    /// follow the same distributions: the rows grow by the factor, the per-user shape does not change.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The factor is below 1 or the user count would overflow.</exception>
    public SyntheticSpec ScaleUsers(int factor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1) return this;
        long users = (long)Users * factor;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(users, int.MaxValue, nameof(factor));
        return this with { Name = $"{Name}x{factor}", Users = (int)users };
    }

    /// <summary>Parses a preset name: <c>small</c>, <c>20k</c> or <c>360k</c>.</summary>
    /// <exception cref="ArgumentException">Any other name; the message lists the valid ones.</exception>
    public static SyntheticPreset ParsePreset(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "small" => SyntheticPreset.Small,
        "20k" => SyntheticPreset.Users20K,
        "360k" => SyntheticPreset.Users360K,
        _ => throw new ArgumentException($"Unknown preset '{name}'; valid presets are small, 20k and 360k.", nameof(name)),
    };

    private static SyntheticSpec Base(string name, int users, int artists, double activityMedian, int groups) => new(
        Name: name,
        Users: users,
        Artists: artists,
        ActivityMedian: activityMedian,
        ActivitySigma: 0.4,
        MinActivity: 1,
        MaxActivity: 600,
        PopularityExponent: 1.05,
        PopularityOffset: 8,
        TasteGroups: groups,
        MaxGroupsPerUser: 3,
        InTasteShare: 0.8,
        PlaysMedian: 40,
        PlaysSigma: 1.3,
        InTastePlaysFactor: 2.5,
        MaxPlays: 400_000,
        MissingMbidShare: 0.01);
}
