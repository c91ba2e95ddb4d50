namespace Data.Synthetic;

/// <summary>Sizes of synthetic Last.fm-shaped data.</summary>
public enum SyntheticPreset
{
    /// <summary>About 2,000 users, 5,000 artists, 100K rows: the demo.</summary>
    Small,

    /// <summary>20,000 users, about 67,000 artists, 1.36M rows: like the top-20K-users subset of the 360K data.</summary>
    Users20K,

    /// <summary>358,868 users, 160,112 artists, about 17.5M rows: the size of the full Last.fm 360K data.</summary>
    Users360K,
}
