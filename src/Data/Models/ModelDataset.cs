using Data.Failures;
using System.Globalization;
using Data.Datasets;
using Linalg.Sparse;
using Data.Checksums;

namespace Data.Models;

/// <summary>
/// The prepared dataset a model was trained on (model.json names its folder, or the caller gives one), checked to
/// have the model's users and artists, with the training rows of one user read from that user's block only.
/// </summary>
public static class ModelDataset
{
    /// <summary>
    /// Opens <paramref name="folder"/>, or the model's own dataset folder when null.
    /// <paramref name="warning"/> says when the dataset's manifest changed since training (the model may be stale).
    /// </summary>
    /// <exception cref="InvalidInputException">The folder is not a dataset, or its users or artists differ in number from the model's.</exception>
    public static PreparedDataset Open(SavedModel model, string? folder, out string? warning)
    {
        ArgumentNullException.ThrowIfNull(model);
        folder ??= model.Info.Dataset;
        if (!File.Exists(Path.Combine(folder, DatasetLayout.Manifest)))
            throw new InvalidInputException($"The dataset {folder} is missing ({DatasetLayout.Manifest} not found); give its folder with --data.");
        PreparedDataset dataset = PreparedDataset.Open(folder);
        if (dataset.Users != model.Info.Users || dataset.Items != model.Info.Items)
            throw new InvalidInputException(string.Create(CultureInfo.InvariantCulture,
                $"The dataset {folder} has {dataset.Users} users and {dataset.Items} artists, the model {model.Info.Users} and {model.Info.Items}: not the model's dataset."));
        string crc = PreparedDataset.ManifestCrc32(dataset.Folder);
        warning = crc == model.Info.DatasetManifestCrc32 ? null
            : $"the dataset's manifest.json (CRC-32 {crc}) changed since the model was trained ({model.Info.DatasetManifestCrc32}).";
        return dataset;
    }

    /// <summary>The training items (increasing) and play counts of <paramref name="user"/>, read from its user block alone.</summary>
    /// <exception cref="ArgumentOutOfRangeException">No block holds the user.</exception>
    public static (int[] Items, float[] Plays) LoadUserTrain(PreparedDataset dataset, int user)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        IReadOnlyList<BlockInfo> blocks = dataset.Manifest.UserBlocks;
        for (int block = 0; block < blocks.Count; block++)
        {
            if (user < blocks[block].First || user >= blocks[block].First + blocks[block].Count) continue;
            CsrMatrix rows = dataset.LoadUserBlock(block);
            int local = user - blocks[block].First;
            return (rows.RowColumns(local).ToArray(), rows.RowValues(local).ToArray());
        }
        throw new ArgumentOutOfRangeException(nameof(user), user, $"No user block of {dataset.Folder} holds user {user}.");
    }
}
