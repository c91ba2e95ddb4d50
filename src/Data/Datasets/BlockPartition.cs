using System.Globalization;

namespace Data.Datasets;

/// <summary>
/// Splits rows 0..n−1 of one side into contiguous blocks of about equal cost, so that every block's half-step takes
/// about as long: a row costs its entries plus a fixed amount (<see cref="RowCost"/> given as a number of entries).
/// </summary>
/// <remarks>
/// Example: 6 users with 10, 1, 1, 1, 1, 10 entries into 2 blocks, no row cost: the cumulative counts are 10, 11, 12,
/// 13, 14, 24 and the halfway mark is 12, so block 0 is users 0–2 (12 entries) and block 1 users 3–5 (12 entries).
/// Blocks are never empty: there are at most as many blocks as rows.
/// </remarks>
public static class BlockPartition
{
    /// <summary>Entries per block that the default block count aims at: ~1M entries is a few tens of milliseconds of CG work.</summary>
    public const long DefaultEntriesPerBlock = 1_000_000;

    /// <summary>Most blocks a side is split into by default.</summary>
    public const int MaxDefaultBlocks = 1024;

    /// <summary>
    /// What a row costs a conjugate-gradient half-step beyond its entries, counted in entries: each step multiplies the
    /// row's k × k system matrix FᵀF + λI by a vector (k² multiply-adds) and each entry adds about 2k, so a row weighs
    /// k / 2 entries, 32 at the default k = 64. On the 360k dataset's item side (two worker processes), blocks balanced by
    /// entries alone took 0.12–0.33 s each, the last three (22,000–50,000 rare artists) the slowest; balanced with this
    /// cost, 0.11–0.17 s.
    /// </summary>
    public const int RowCost = 32;

    /// <summary>
    /// A sensible block count for <paramref name="entries"/> entries over <paramref name="rows"/> rows: about
    /// <see cref="DefaultEntriesPerBlock"/> each, and even, so that two worker nodes (the local cluster's default) get
    /// equal shares of the blocks.
    /// </summary>
    public static int DefaultBlocks(long entries, int rows)
    {
        long blocks = (entries + DefaultEntriesPerBlock - 1) / DefaultEntriesPerBlock;
        if (blocks > 1) blocks += blocks % 2;
        return (int)Math.Clamp(blocks, 1, Math.Max(1, Math.Min(rows, MaxDefaultBlocks)));
    }

    /// <summary>
    /// The first row of each block and one past the last (length blocks + 1), balancing the rows' cost:
    /// <paramref name="rowEntries"/> plus <paramref name="rowCost"/> each.
    /// </summary>
    /// <exception cref="ArgumentException">The block count is not positive.</exception>
    public static int[] Boundaries(ReadOnlySpan<int> rowEntries, int blocks, int rowCost = 0)
    {
        if (blocks < 1) throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Block count must be at least 1; got {blocks}."));
        int rows = rowEntries.Length;
        blocks = Math.Max(1, Math.Min(blocks, rows));
        long total = 0;
        foreach (int entries in rowEntries) total += entries + rowCost;
        var boundaries = new int[blocks + 1];
        boundaries[blocks] = rows;
        long cumulative = 0;
        int block = 1;
        for (int row = 0; row < rows && block < blocks; row++)
        {
            cumulative += rowEntries[row] + rowCost;
            // Close block b after the first row where the running total reaches b/blocks of all entries, or when
            // only as many rows remain as blocks still to fill. One boundary per row: no block is empty.
            if (cumulative * blocks >= total * block || rows - (row + 1) == blocks - block) boundaries[block++] = row + 1;
        }
        return boundaries;
    }
}
