using System.Globalization;

namespace Data.Datasets;

/// <summary>
/// File names of a prepared dataset (hive-style partitions, so DuckDB, Spark and pandas read them as tables):
/// <code>
///   manifest.json                               counts, filters, split, blocks, file checksums
///   users.parquet                               user_index INT32, user_sha1 STRING
///   items.parquet                               item_index INT32, artist_mbid STRING (nullable), artist_name STRING
///   train/by_user/block=00007/part-0.parquet    user_index, item_index, plays (sorted by user, item)
///   train/by_item/block=00003/part-0.parquet    item_index, user_index, plays (sorted by item, user)
///   test/block=00007/part-0.parquet             held-out user_index, item_index, plays (user blocks)
///   rejects.tsv                                 every dropped input row with its line number and reason
/// </code>
/// </summary>
public static class DatasetLayout
{
    /// <summary>The manifest; written last, so its presence means the dataset is complete.</summary>
    public const string Manifest = "manifest.json";

    /// <summary>User id map.</summary>
    public const string Users = "users.parquet";

    /// <summary>Artist map.</summary>
    public const string Items = "items.parquet";

    /// <summary>Dropped input rows.</summary>
    public const string Rejects = "rejects.tsv";

    /// <summary>Training rows of user block <paramref name="block"/>.</summary>
    public static string TrainByUser(int block) => Block("train/by_user", block);

    /// <summary>Training rows of item block <paramref name="block"/>.</summary>
    public static string TrainByItem(int block) => Block("train/by_item", block);

    /// <summary>Held-out rows of user block <paramref name="block"/>.</summary>
    public static string Test(int block) => Block("test", block);

    private static string Block(string folder, int block) =>
        string.Create(CultureInfo.InvariantCulture, $"{folder}/block={block:D5}/part-0.parquet");
}
