using System.Buffers;
using System.Globalization;
using Linalg.Sparse;
using Linalg.Training;
using Data.Checksums;
using Data.Files;

namespace Data.Datasets;

/// <summary>
/// A dataset written by <see cref="DatasetPreparer"/>, opened from its folder: the manifest, the id maps, and
/// the training and test rows as CSR matrices, whole or one block at a time. Every file's CRC-32 is checked
/// against the manifest before its rows are used, and every row against the block it belongs to.
/// </summary>
public sealed class PreparedDataset
{
    private readonly Dictionary<string, FileInfoRecord> _files;

    private PreparedDataset(string folder, DatasetManifest manifest)
    {
        Folder = folder;
        Manifest = manifest;
        _files = manifest.Files.ToDictionary(file => file.Path, StringComparer.Ordinal);
    }

    /// <summary>The dataset folder.</summary>
    public string Folder { get; }

    /// <summary>The manifest.</summary>
    public DatasetManifest Manifest { get; }

    /// <summary>Users (rows of the user side).</summary>
    public int Users => Manifest.Counts.Users;

    /// <summary>Artists (rows of the item side).</summary>
    public int Items => Manifest.Counts.Items;

    /// <summary>Opens <paramref name="folder"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a complete dataset of this layout version.</exception>
    public static PreparedDataset Open(string folder) => new(folder, DatasetPreparer.ReadManifest(folder));

    /// <summary>All training rows, users × items.</summary>
    public CsrMatrix LoadTrain() => Assemble(Manifest.UserBlocks, DatasetLayout.TrainByUser, Users, Items, "user_index", "item_index").WithRowSide(FactorSide.Users);

    /// <summary>All training rows, items × users.</summary>
    public CsrMatrix LoadTrainByItem() => Assemble(Manifest.ItemBlocks, DatasetLayout.TrainByItem, Items, Users, "item_index", "user_index").WithRowSide(FactorSide.Items);

    /// <summary>All held-out rows, users × items.</summary>
    public CsrMatrix LoadTest() => Assemble(Manifest.UserBlocks, DatasetLayout.Test, Users, Items, "user_index", "item_index");

    /// <summary>The training rows of user block <paramref name="block"/>: its users (local rows 0..count−1) × all items.</summary>
    public CsrMatrix LoadUserBlock(int block) => LoadBlock(Manifest.UserBlocks[block], DatasetLayout.TrainByUser(block), Items, "user_index", "item_index").WithRowSide(FactorSide.Users);

    /// <summary>The training rows of item block <paramref name="block"/>: its items × all users.</summary>
    public CsrMatrix LoadItemBlock(int block) => LoadBlock(Manifest.ItemBlocks[block], DatasetLayout.TrainByItem(block), Users, "item_index", "user_index").WithRowSide(FactorSide.Items);

    /// <summary>The held-out rows of user block <paramref name="block"/>.</summary>
    public CsrMatrix LoadTestBlock(int block) => LoadBlock(Manifest.UserBlocks[block], DatasetLayout.Test(block), Items, "user_index", "item_index");

    /// <summary>User ids by index.</summary>
    public string[] LoadUserIds()
    {
        using ParquetTable reader = OpenFile(DatasetLayout.Users);
        return [.. reader.ReadStrings("user_sha1").Select(id => id ?? "")];
    }

    /// <summary>Artist MBIDs (null when none) and names by index.</summary>
    public (string?[] Mbids, string[] Names) LoadItems()
    {
        using ParquetTable reader = OpenFile(DatasetLayout.Items);
        return (reader.ReadStrings("artist_mbid"), [.. reader.ReadStrings("artist_name").Select(name => name ?? "")]);
    }

    /// <summary>CRC-32 (8 hex digits) of the manifest of the dataset in <paramref name="folder"/>: what a model and a run record to tell whether the dataset changed since.</summary>
    public static string ManifestCrc32(string folder) =>
        Data.Checksums.Crc32.Compute(File.ReadAllBytes(Path.Combine(folder, DatasetLayout.Manifest))).ToString("x8", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The path of a file of the dataset.</summary>
    public string PathOf(string relative) => Path.Combine(Folder, relative);

    private CsrMatrix Assemble(IReadOnlyList<BlockInfo> blocks, Func<int, string> file, int rows, int columns, string keyColumn, string otherColumn)
    {
        var pointers = new int[rows + 1];
        var parts = new CsrMatrix[blocks.Count];
        var errors = new Exception?[blocks.Count];
        Parallel.For(0, blocks.Count, block =>
        {
            try
            {
                parts[block] = LoadBlock(blocks[block], file(block), columns, keyColumn, otherColumn);
            }
            catch (Exception error) when (error is InvalidDataException or IOException or ParquetFileException)
            {
                errors[block] = error;
            }
        });
        if (errors.FirstOrDefault(error => error is not null) is { } earliest)   // the lowest block's error, whatever the thread timing
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(earliest).Throw();
        long total = parts.Sum(part => (long)part.NonZeros);
        if (total > Array.MaxLength) throw new InvalidDataException($"{Folder}: {total} rows exceed one matrix; load block by block.");
        var allColumns = new int[total];
        var values = new float[total];
        int offset = 0;
        for (int block = 0; block < blocks.Count; block++)
        {
            CsrMatrix part = parts[block];
            int first = blocks[block].First;
            for (int row = 0; row < part.Rows; row++) pointers[first + row + 1] = offset + part.RowPointers[row + 1];
            part.ColumnIndices.AsSpan(0, part.NonZeros).CopyTo(allColumns.AsSpan(offset));
            part.Values.AsSpan(0, part.NonZeros).CopyTo(values.AsSpan(offset));
            offset += part.NonZeros;
        }
        for (int row = 0; row < rows; row++) pointers[row + 1] = Math.Max(pointers[row + 1], pointers[row]);   // rows of no block: empty
        return new CsrMatrix(rows, columns, pointers, allColumns, values);
    }

    private CsrMatrix LoadBlock(BlockInfo block, string relative, int columns, string keyColumn, string otherColumn)
    {
        using ParquetTable reader = OpenFile(relative);
        int rows = checked((int)reader.RowCount);
        int[] others = reader.ReadInt32(otherColumn);
        int[] keys = ArrayPool<int>.Shared.Rent(rows), plays = ArrayPool<int>.Shared.Rent(rows);   // scratch: only the values outlive this call
        try
        {
            reader.ReadInt32(keyColumn, keys);
            reader.ReadInt32("plays", plays);
            var pointers = new int[block.Count + 1];
            for (int i = 0; i < rows; i++)
            {
                int local = keys[i] - block.First;
                if ((uint)local >= (uint)block.Count)
                    throw Bad(relative, i, $"{keyColumn} {keys[i]} is outside the block's {block.First}..{block.First + block.Count - 1}");
                if ((uint)others[i] >= (uint)columns) throw Bad(relative, i, $"{otherColumn} {others[i]} is outside 0..{columns - 1}");
                if (plays[i] <= 0) throw Bad(relative, i, $"plays {plays[i]} is not positive");
                if (i > 0 && (keys[i] < keys[i - 1] || (keys[i] == keys[i - 1] && others[i] <= others[i - 1])))
                    throw Bad(relative, i, $"rows are not sorted by ({keyColumn}, {otherColumn})");
                pointers[local + 1]++;
            }
            for (int row = 0; row < block.Count; row++) pointers[row + 1] += pointers[row];
            var values = new float[rows];
            for (int i = 0; i < rows; i++) values[i] = plays[i];
            return new CsrMatrix(block.Count, columns, pointers, others, values);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(keys);
            ArrayPool<int>.Shared.Return(plays);
        }
    }

    /// <summary>Opens a file of the dataset after checking its size and CRC-32 against the manifest.</summary>
    private ParquetTable OpenFile(string relative)
    {
        string path = PathOf(relative);
        if (!_files.TryGetValue(relative, out FileInfoRecord? record))
            throw new InvalidDataException($"{Folder}: the manifest does not list {relative}.");
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing from the dataset.");
        byte[] bytes = File.ReadAllBytes(path);
        string crc = Crc32.Compute(bytes).ToString("x8", CultureInfo.InvariantCulture);
        if (bytes.Length != record.Bytes || crc != record.Crc32)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{path}: {bytes.Length} bytes with CRC-32 {crc}, but the manifest says {record.Bytes} bytes with {record.Crc32}: the file changed or is corrupt."));
        return ParquetTable.Open(bytes, relative);
    }

    private static InvalidDataException Bad(string file, int row, string problem) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{file}, row {row}: {problem}."));
}
