using Cli.Models;
using Data.Datasets;

namespace Cli.Datasets;

/// <summary>A dataset folder named on the command line (<c>--data</c>).</summary>
internal static class DatasetArgument
{
    /// <summary>Opens the dataset in <paramref name="folder"/>.</summary>
    /// <exception cref="CommandProblem">The folder does not exist or holds no dataset (exit code 2); a damaged one fails with its own exception.</exception>
    public static PreparedDataset Open(string folder, string option = "--data")
    {
        if (File.Exists(folder)) throw new CommandProblem($"{option} {folder} is a file; name the dataset folder that `als prepare` wrote (it holds {DatasetLayout.Manifest}).");
        if (!Directory.Exists(folder)) throw new CommandProblem($"{option} {folder} does not exist; name the folder that `als prepare` wrote (it holds {DatasetLayout.Manifest}).");
        if (!File.Exists(Path.Combine(folder, DatasetLayout.Manifest)))
            throw new CommandProblem($"{folder} is not a prepared dataset: {DatasetLayout.Manifest} is missing (run `als prepare`).");
        return PreparedDataset.Open(folder);
    }
}
