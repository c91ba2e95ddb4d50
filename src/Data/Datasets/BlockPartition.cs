using System.Globalization;

namespace Data.Datasets;

/// <summary>
/// Splits rows 0..n−1 of one side into contiguous blocks holding about equal numbers of entries, so that every
/// block's half-step costs about the same.
/// </summary>
/// <remarks>
/// Example: 6 users with 10, 1, 1, 1, 1, 10 entries into 2 blocks: the cumulative counts are 10, 11, 12, 13, 14,
/// 24 and the halfway mark is 12, so block 0 is users 0–2 (12 entries) and block 1 users 3–5 (12 entries).
/// Blocks are never empty: there are at most as many blocks as rows.
/// </remarks>
public static class BlockPartition
{
    /// <summary>Entries per block that the default block count aims at: ~1M entries is a few tens of milliseconds of CG work.</summary>
    public const long DefaultEntriesPerBlock = 1_000_000;

    /// <summary>Most blocks a side is split into by default.</summary>
    public const int MaxDefaultBlocks = 1024;

    /// <summary>A sensible block count for <paramref name="entries"/> entries over <paramref name="rows"/> rows.</summary>
    public static int DefaultBlocks(long entries, int rows) =>
        (int)Math.Clamp((entries + DefaultEntriesPerBlock - 1) / DefaultEntriesPerBlock, 1, Math.Max(1, Math.Min(rows, MaxDefaultBlocks)));

    /// <summary>The first row of each block and one past the last (length blocks + 1), balancing <paramref name="rowEntries"/>.</summary>
    /// <exception cref="ArgumentException">The block count is not positive.</exception>
    public static int[] Boundaries(ReadOnlySpan<int> rowEntries, int blocks)
    {
        if (blocks < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Block count must be at least 1; got {blocks}."));
        int rows = rowEntries.Length;
        blocks = Math.Max(1, Math.Min(blocks, rows));
        long total = 0;
        foreach (int entries in rowEntries) total += entries;
        var boundaries = new int[blocks + 1];
        boundaries[blocks] = rows;
        long cumulative = 0;
        int block = 1;
        for (int row = 0; row < rows && block < blocks; row++)
        {
            cumulative += rowEntries[row];
            // Close block b after the first row where the running total reaches b/blocks of all entries, or when
            // only as many rows remain as blocks still to fill. One boundary per row: no block is empty.
            if (cumulative * blocks >= total * block || rows - (row + 1) == blocks - block) boundaries[block++] = row + 1;
        }
        return boundaries;
    }
}
