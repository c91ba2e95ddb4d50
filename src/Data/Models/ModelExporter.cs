using System.Globalization;
using Linalg.Dense;
using Linalg.Ranking;
using Linalg.Sparse;
using Data.Files;
using Parquet.Schema;

namespace Data.Models;

/// <summary>
/// Writes a model as three Parquet files that DuckDB, Spark or pandas read directly:
/// <code>
///   user_factors.parquet      user_index INT32, user_sha1 STRING, f0 … f{k−1} FLOAT
///   item_factors.parquet      item_index INT32, artist_mbid STRING (nullable), artist_name STRING, f0 … f{k−1} FLOAT
///   recommendations.parquet   user_index INT32, user_sha1 STRING, rank INT32 (1 = best), item_index INT32, artist_mbid STRING (nullable),
///                             artist_name STRING, score FLOAT
/// </code>
/// Every file is streamed: one row group per slice of rows, so memory holds one slice, not the whole file.
/// </summary>
public static class ModelExporter
{
    /// <summary>File names in the output folder.</summary>
    public const string UserFactorsFile = "user_factors.parquet", ItemFactorsFile = "item_factors.parquet", RecommendationsFile = "recommendations.parquet";

    /// <summary>Factor rows per row group: 64K rows × k = 64 floats is 16 MiB, a usual row-group size.</summary>
    private const int FactorRowsPerGroup = 1 << 16;

    /// <summary>Users per row group of the recommendations (also the batch of the top-K kernel).</summary>
    private const int UsersPerGroup = 8192;

    /// <summary>What <see cref="Export"/> wrote.</summary>
    /// <param name="Users">User factor rows.</param>
    /// <param name="Items">Item factor rows.</param>
    /// <param name="Recommendations">Recommendation rows (users × n, fewer where a user has fewer candidates).</param>
    public sealed record Summary(long Users, long Items, long Recommendations);

    /// <summary>
    /// Exports <paramref name="model"/> into <paramref name="folder"/>, with the top <paramref name="count"/> artists of every
    /// user, the user's training artists (<paramref name="train"/>, users × items) left out.
    /// </summary>
    public static Summary Export(SavedModel model, CsrMatrix train, string folder, int count, int threads, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(train);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        Directory.CreateDirectory(folder);
        FactorMatrix users = model.Model.UserFactors, items = model.Model.ItemFactors;
        int k = users.Factors;
        DataField[] factorFields = [.. Enumerable.Range(0, k).Select(d => new DataField<float>(string.Create(CultureInfo.InvariantCulture, $"f{d}"), false))];

        WriteFactors(Path.Combine(folder, UserFactorsFile), [new DataField<int>("user_index", false), new DataField<string>("user_sha1", false), .. factorFields], users,
            (first, rows) => [Indices(first, rows), model.UserIds[first..(first + rows)]], cancellationToken);

        WriteFactors(Path.Combine(folder, ItemFactorsFile),
            [new DataField<int>("item_index", false), new DataField<string>("artist_mbid", true), new DataField<string>("artist_name", false), .. factorFields], items,
            (first, rows) =>
            [
                Indices(first, rows),
                model.ArtistMbids[first..(first + rows)].Select(MbidOrNull).ToArray(),
                model.ArtistNames[first..(first + rows)],
            ],
            cancellationToken);

        DataField[] schema =
        [
            new DataField<int>("user_index", false), new DataField<string>("user_sha1", false), new DataField<int>("rank", false),
            new DataField<int>("item_index", false), new DataField<string>("artist_mbid", true), new DataField<string>("artist_name", false),
            new DataField<float>("score", false),
        ];
        var scorer = new ItemScorer(items);
        long written = 0;
        using (ParquetTableWriter writer = ParquetTableWriter.Create(Path.Combine(folder, RecommendationsFile), schema))
        {
            for (int first = 0; first < users.Rows; first += UsersPerGroup)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int batch = Math.Min(UsersPerGroup, users.Rows - first);
                TopKResult top = TopK.Recommend(users, Indices(first, batch), scorer, train, count, threads);
                var rowUsers = new List<int>(batch * count);
                var rowIds = new List<string?>(batch * count);
                var rowRanks = new List<int>(batch * count);
                var rowItems = new List<int>(batch * count);
                var rowMbids = new List<string?>(batch * count);
                var rowNames = new List<string?>(batch * count);
                var rowScores = new List<float>(batch * count);
                for (int query = 0; query < batch; query++)
                {
                    ReadOnlySpan<int> topItems = top.ItemsOf(query);
                    ReadOnlySpan<float> topScores = top.ScoresOf(query);
                    for (int slot = 0; slot < count && topItems[slot] >= 0; slot++)
                    {
                        rowUsers.Add(first + query);
                        rowIds.Add(model.UserIds[first + query]);
                        rowRanks.Add(slot + 1);
                        rowItems.Add(topItems[slot]);
                        rowMbids.Add(MbidOrNull(model.ArtistMbids[topItems[slot]]));
                        rowNames.Add(model.ArtistNames[topItems[slot]]);
                        rowScores.Add(topScores[slot]);
                    }
                }
                writer.WriteRowGroup(rowUsers.ToArray(), rowIds.ToArray(), rowRanks.ToArray(), rowItems.ToArray(), rowMbids.ToArray(), rowNames.ToArray(), rowScores.ToArray());
                written += rowUsers.Count;
            }
        }
        return new Summary(users.Rows, items.Rows, written);
    }

    /// <summary>An MBID as the files store it: null, not "", for an artist without one.</summary>
    private static string? MbidOrNull(string? mbid) => string.IsNullOrEmpty(mbid) ? null : mbid;

    private static void WriteFactors(string path, DataField[] schema, FactorMatrix factors, Func<int, int, object[]> idColumns, CancellationToken cancellationToken)
    {
        int k = factors.Factors;
        using ParquetTableWriter writer = ParquetTableWriter.Create(path, schema);
        for (int first = 0; first < factors.Rows || (first == 0 && factors.Rows == 0); first += FactorRowsPerGroup)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int rows = Math.Min(FactorRowsPerGroup, factors.Rows - first);
            var columns = new List<object>(idColumns(first, rows));
            for (int d = 0; d < k; d++)
            {
                var values = new float[rows];
                for (int row = 0; row < rows; row++) values[row] = factors.Row(first + row)[d];
                columns.Add(values);
            }
            writer.WriteRowGroup([.. columns]);
            if (factors.Rows == 0) break;
        }
    }

    private static int[] Indices(int first, int count)
    {
        var indices = new int[count];
        for (int i = 0; i < count; i++) indices[i] = first + i;
        return indices;
    }
}
