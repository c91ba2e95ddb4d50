using Data.Datasets;
using Data.Factors;
using Data.Files;
using Linalg.Dense;
using Linalg.Training;
using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.Json;
using Data.Store;
using Data.Checksums;

namespace Data.Models;

/// <summary>
/// Saves and loads a trained model in a run folder:
/// <code>
///   RUNDIR/model/model.json         parameters, sizes, iterations, the dataset it came from (folder relative to RUNDIR, manifest CRC-32)
///   RUNDIR/model/user_factors.arrow X, users × k: Arrow IPC (FactorFile: index int32, factors fixed_size_list&lt;float32&gt;[k])
///   RUNDIR/model/item_factors.arrow Y, items × k, the same layout
///   RUNDIR/model/users.parquet      user_index, user_sha1 (a copy of the dataset's, so the model stands alone)
///   RUNDIR/model/items.parquet      item_index, artist_mbid, artist_name
/// </code>
/// </summary>
public static class ModelStore
{
    /// <summary>The model folder inside a run folder.</summary>
    public const string Folder = "model";

    /// <summary>The factor files' names in the model folder.</summary>
    public const string UserFactorsFile = "user_factors.arrow", ItemFactorsFile = "item_factors.arrow";

    /// <summary>The version of the model folder this build writes and reads (2: Arrow IPC factor files with their CRC-32 in model.json).</summary>
    public const int FormatVersion = 2;

    /// <summary>model.json settings: snake_case, enums as names.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Saves <paramref name="model"/>, trained for <paramref name="iterations"/> iterations on <paramref name="dataset"/>, into <paramref name="runFolder"/>.</summary>
    /// <param name="runFolder">The run folder.</param>
    /// <param name="model">The factors and parameters.</param>
    /// <param name="iterations">The iteration the factors are from.</param>
    /// <param name="dataset">The dataset it was trained on.</param>
    /// <param name="selection">Which iteration of the run was kept and why, for model.json.</param>
    public static string Save(string runFolder, AlsModel model, int iterations, PreparedDataset dataset, Runs.ModelSelection? selection = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        string folder = Path.Combine(runFolder, Folder);
        Directory.CreateDirectory(folder);
        uint usersCrc = FactorFile.Write(Path.Combine(folder, UserFactorsFile), FactorSide.Users, iterations, model.UserFactors);
        uint itemsCrc = FactorFile.Write(Path.Combine(folder, ItemFactorsFile), FactorSide.Items, iterations, model.ItemFactors);
        CopyAsNew(dataset.PathOf(DatasetLayout.Users), Path.Combine(folder, "users.parquet"));
        CopyAsNew(dataset.PathOf(DatasetLayout.Items), Path.Combine(folder, "items.parquet"));
        string manifestCrc = PreparedDataset.ManifestCrc32(dataset.Folder);
        var info = new ModelInfo(FormatVersion, DateTime.UtcNow, model.Options, model.UserFactors.Rows, model.ItemFactors.Rows, iterations,
            DatasetPath(runFolder, dataset.Folder), manifestCrc, FactorStore.FormatCrc(usersCrc), FactorStore.FormatCrc(itemsCrc), selection);
        string path = Path.Combine(folder, "model.json");
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(info, JsonOptions) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
        return folder;
    }

    /// <summary>
    /// The dataset folder as model.json records it: relative to the run folder (e.g. <c>../dataset</c>), so a run folder
    /// copied or moved together with its dataset uses the copy and never depends on where the two were first written.
    /// Absolute only when no relative path exists (another drive on Windows).
    /// </summary>
    internal static string DatasetPath(string runFolder, string datasetFolder) =>
        Path.GetRelativePath(Path.GetFullPath(runFolder), Path.GetFullPath(datasetFolder)).Replace('\\', '/');

    /// <summary>
    /// Copies the bytes into a new file, so its permissions come from the umask like every other file of the model
    /// (File.Copy would carry the dataset file's mode over, e.g. 644 under umask 077).
    /// </summary>
    private static void CopyAsNew(string source, string destination)
    {
        using FileStream input = File.OpenRead(source);
        using var output = new FileStream(destination, FileMode.Create, FileAccess.Write);
        input.CopyTo(output);
    }

    /// <summary>Loads the model of <paramref name="runFolder"/>; its <see cref="ModelInfo.Dataset"/> is resolved to a full path.</summary>
    /// <exception cref="InvalidDataException">The folder has no model, a model of another version, or files that disagree.</exception>
    /// <exception cref="FactorFileException">A factor file is corrupt.</exception>
    public static SavedModel Load(string runFolder)
    {
        string folder = Path.Combine(runFolder, Folder), json = Path.Combine(folder, "model.json");
        if (!File.Exists(json)) throw new InvalidDataException($"{runFolder} has no trained model ({Folder}/model.json is missing; run `als train`).");
        ModelInfo info = JsonFile.Read<ModelInfo>(json, JsonOptions, "train the model again (`als train`)");
        // Relative to the run folder since models record it so; an absolute path (models written before) is kept as it is.
        info = info with { Dataset = Path.GetFullPath(Path.Combine(runFolder, info.Dataset)) };
        if (info.FormatVersion != FormatVersion)
            throw new InvalidDataException($"{json}: model format {info.FormatVersion}; this build reads {FormatVersion}.");
        FactorMatrix users = ReadFactors(Path.Combine(folder, UserFactorsFile), info.UserFactorsCrc32);
        FactorMatrix items = ReadFactors(Path.Combine(folder, ItemFactorsFile), info.ItemFactorsCrc32);
        if (users.Rows != info.Users || items.Rows != info.Items || users.Factors != info.Parameters.Factors || items.Factors != users.Factors)
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{folder}: factor files hold {users.Rows}×{users.Factors} and {items.Rows}×{items.Factors}, model.json says {info.Users} and {info.Items} rows of {info.Parameters.Factors}."));
        string[] userIds;
        using (ParquetTable reader = ParquetTable.Open(Path.Combine(folder, "users.parquet")))
            userIds = [.. reader.ReadStrings("user_sha1").Select(id => id ?? "")];
        string?[] mbids;
        string[] names;
        using (ParquetTable reader = ParquetTable.Open(Path.Combine(folder, "items.parquet")))
        {
            mbids = reader.ReadStrings("artist_mbid");
            names = [.. reader.ReadStrings("artist_name").Select(name => name ?? "")];
        }
        if (userIds.Length != info.Users || names.Length != info.Items)
            throw new InvalidDataException($"{folder}: id maps hold {userIds.Length} users and {names.Length} artists, the factors {info.Users} and {info.Items}.");
        return new SavedModel(info, new AlsModel(users, items, info.Parameters), userIds, mbids, names);
    }

    /// <summary>Reads a factor file and checks its CRC-32 against model.json.</summary>
    private static FactorMatrix ReadFactors(string path, string? expectedCrc)
    {
        (_, FactorMatrix factors) = FactorFile.Read(path, out uint crc);
        if (expectedCrc is null) throw new FactorFileException(path, "model.json records no CRC-32 for it");
        if (FactorStore.FormatCrc(crc) != expectedCrc)
            throw new FactorFileException(path, $"CRC-32 {FactorStore.FormatCrc(crc)} differs from {expectedCrc} in model.json: the file changed or is corrupt");
        return factors;
    }
}
