namespace Data.Factors;

/// <summary>A factor file is missing, truncated, of another format, or fails its checksum. Names the file and the problem.</summary>
public sealed class FactorFileException : IOException
{
    /// <summary>A problem with <paramref name="path"/>.</summary>
    public FactorFileException(string path, string message, Exception? innerException = null)
        : base($"{path}: {message}", innerException)
    {
        FilePath = path;
    }

    /// <summary>The file.</summary>
    public string FilePath { get; }
}
