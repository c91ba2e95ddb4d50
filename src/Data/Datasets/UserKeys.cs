using System.Text;
using Linalg.Sampling;

namespace Data.Datasets;

/// <summary>
/// A stable 64-bit key per user id (FNV-1a of its UTF-8 bytes, then the SplitMix64 finaliser): the split seeds
/// each user's choice from it, so the test set depends on the user id and the seed only, not on row order, block
/// counts, filters or thread counts.
/// </summary>
public static class UserKeys
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The key of <paramref name="userId"/>.</summary>
    public static ulong Of(string userId)
    {
        ArgumentNullException.ThrowIfNull(userId);
        ulong hash = OffsetBasis;
        Span<byte> buffer = stackalloc byte[256];
        ReadOnlySpan<byte> bytes = Encoding.UTF8.GetByteCount(userId) <= buffer.Length
            ? buffer[..Encoding.UTF8.GetBytes(userId, buffer)]
            : Encoding.UTF8.GetBytes(userId);
        foreach (byte value in bytes) hash = (hash ^ value) * Prime;
        return SplitMix64.Mix(hash);
    }
}
