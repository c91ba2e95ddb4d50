namespace Data.Synthetic;

/// <summary>Reusable storage for one generated user (one per thread): no allocation per user once grown.</summary>
public sealed class UserBuffer
{
    internal int[] ArtistStorage { get; private set; } = new int[256];
    internal int[] PlayStorage { get; private set; } = new int[256];
    internal int[] GroupStorage { get; private set; } = new int[16];
    internal HashSet<int> Chosen { get; } = new();
    internal int GroupCount { get; set; }
    private int _count;

    /// <summary>The user's artists, ascending.</summary>
    public ReadOnlySpan<int> Artists => ArtistStorage.AsSpan(0, _count);

    /// <summary>Plays of each artist, in the same order.</summary>
    public ReadOnlySpan<int> Plays => PlayStorage.AsSpan(0, _count);

    /// <summary>The user's taste groups.</summary>
    public ReadOnlySpan<int> Groups => GroupStorage.AsSpan(0, GroupCount);

    internal void Prepare(int count, int maxGroups)
    {
        if (GroupStorage.Length < maxGroups) GroupStorage = new int[maxGroups];
        if (ArtistStorage.Length < count)
        {
            ArtistStorage = new int[count];
            PlayStorage = new int[count];
        }
        Chosen.Clear();
        _count = count;
    }
}
