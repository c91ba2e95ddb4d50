using System.Globalization;

namespace Data.Datasets;

/// <summary>
/// Where <c>prepare</c> writes: a staging folder beside the output, swapped in only once the dataset is complete, so a
/// failed or interrupted prepare leaves the output as it was. Only files the old dataset's manifest lists (and the
/// manifest, id maps and rejects) are replaced; anything else in the output folder is kept and reported.
/// </summary>
internal sealed class StagedOutput : IDisposable
{
    /// <summary>Prefix of the staging folder's name, so a leftover one (after kill -9) is recognisable.</summary>
    private const string StagingPrefix = ".prepare-";

    private readonly FileStream _lock;

    private StagedOutput(string output, FileStream lockFile)
    {
        Output = output;
        _lock = lockFile;
        Staging = Path.Combine(Path.GetDirectoryName(output)!, StagingPrefix + Path.GetFileName(output) + "-" + Guid.NewGuid().ToString("N"));
    }

    /// <summary>The final output folder (full path).</summary>
    public string Output { get; }

    /// <summary>The folder the dataset is written to before the swap.</summary>
    public string Staging { get; }

    /// <summary>
    /// Checks the paths, takes the output's lock (one prepare per output at a time) and creates the staging folder.
    /// </summary>
    /// <exception cref="ArgumentException">The input lies inside the output, the output is a file, or it holds files without --overwrite.</exception>
    /// <exception cref="IOException">Another prepare is writing the same output.</exception>
    public static StagedOutput Begin(PrepareOptions options)
    {
        string output = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.Output));
        foreach (string? input in new[] { options.Input, options.ArtistsFile })
            if (input is not null && IsInside(Path.GetFullPath(input), output))
                throw new ArgumentException($"The input {input} lies inside the output folder {output}; prepare would replace what it reads. Choose an --out elsewhere.");
        if (File.Exists(output)) throw new ArgumentException($"The output {output} is a file, not a folder.");
        if (Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any() && !options.Overwrite)
            throw new ArgumentException($"The output folder {output} is not empty; use --overwrite to replace a dataset there.");
        string parent = Path.GetDirectoryName(output) ?? throw new ArgumentException($"The output {output} cannot be a root folder.");
        Directory.CreateDirectory(parent);
        string lockPath = Path.Combine(parent, "." + Path.GetFileName(output) + ".prepare-lock");
        FileStream lockFile;
        try
        {
            // FileShare.None takes an exclusive advisory lock that the OS releases when the process ends, even by kill -9.
            lockFile = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        }
        catch (IOException problem) when (problem is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new IOException($"Another prepare is writing {output} (it holds {lockPath}); wait for it to finish, then run this one again.", problem);
        }
        var staged = new StagedOutput(output, lockFile);
        try
        {
            Directory.CreateDirectory(staged.Staging);
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
        return staged;
    }

    /// <summary>
    /// Replaces the old dataset in <see cref="Output"/> (if any) by the staged one; returns the entries of the output
    /// that belong to neither (kept as they were).
    /// </summary>
    /// <exception cref="IOException">A file that is not the old dataset's stands where the new dataset needs to write.</exception>
    public IReadOnlyList<string> SwapIn()
    {
        var ours = new HashSet<string>(StringComparer.Ordinal) { DatasetLayout.Manifest, DatasetLayout.Users, DatasetLayout.Items, DatasetLayout.Rejects };
        string[] staged = [.. Directory.GetFiles(Staging, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(Staging, file))];
        var emptied = new HashSet<string>(StringComparer.Ordinal);
        if (Directory.Exists(Output))
        {
            string oldManifest = Path.Combine(Output, DatasetLayout.Manifest);
            if (File.Exists(oldManifest))
                foreach (FileInfoRecord file in DatasetPreparer.ReadManifest(Output).Files) ours.Add(file.Path.Replace('/', Path.DirectorySeparatorChar));
            foreach (string relative in staged)
                if (!ours.Contains(relative) && File.Exists(Path.Combine(Output, relative)))
                    throw new IOException($"{Path.Combine(Output, relative)} is not part of the dataset there; move it away, then run prepare again.");
            // The manifest goes first: a crash from here on leaves a folder that no command takes for a dataset.
            File.Delete(oldManifest);
            foreach (string relative in ours)
            {
                File.Delete(Path.Combine(Output, relative));
                if (Path.GetDirectoryName(relative) is { Length: > 0 } folder) emptied.Add(folder);
            }
        }
        Directory.CreateDirectory(Output);
        foreach (string relative in staged.OrderBy(relative => relative == DatasetLayout.Manifest).ThenBy(relative => relative, StringComparer.Ordinal))
        {
            string target = Path.Combine(Output, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(Path.Combine(Staging, relative), target);                   // manifest last: the dataset is complete once it appears
        }
        DeleteEmptyFolders(Output, emptied);
        var stagedSet = new HashSet<string>(staged, StringComparer.Ordinal);
        return [.. Directory.GetFiles(Output, "*", SearchOption.AllDirectories).Select(file => Path.GetRelativePath(Output, file))
            .Where(relative => !stagedSet.Contains(relative)).Order(StringComparer.Ordinal)];
    }

    /// <summary>Keeps the rejects of a failed prepare as <c>OUT.rejects.tsv</c> beside the output; returns that path.</summary>
    public string KeepRejects()
    {
        string kept = Output + "." + DatasetLayout.Rejects;
        string staged = Path.Combine(Staging, DatasetLayout.Rejects);
        if (File.Exists(staged)) File.Move(staged, kept, overwrite: true);
        return kept;
    }

    /// <summary>Removes the staging folder (only ever ours) and releases the lock.</summary>
    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Staging)) Directory.Delete(Staging, recursive: true);
        }
        finally
        {
            _lock.Dispose();
        }
    }

    /// <summary>A one-line note about entries of the output that prepare kept, for the progress log.</summary>
    public static string DescribeForeign(string output, IReadOnlyList<string> foreign) => string.Create(CultureInfo.InvariantCulture,
        $"Kept {foreign.Count} file(s) in {output} that are not part of the dataset: {string.Join(", ", foreign.Take(10))}{(foreign.Count > 10 ? ", ..." : "")}");

    private static bool IsInside(string path, string folder) =>
        path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal) || path == folder;

    /// <summary>Removes the folders of the old dataset's files that the swap left empty (its extra blocks), up to <paramref name="root"/>.</summary>
    private static void DeleteEmptyFolders(string root, IEnumerable<string> folders)
    {
        foreach (string relative in folders.OrderByDescending(folder => folder.Length))
            for (string? folder = relative; !string.IsNullOrEmpty(folder); folder = Path.GetDirectoryName(folder))
            {
                string path = Path.Combine(root, folder);
                if (!Directory.Exists(path) || Directory.EnumerateFileSystemEntries(path).Any()) break;
                Directory.Delete(path);
            }
    }
}
