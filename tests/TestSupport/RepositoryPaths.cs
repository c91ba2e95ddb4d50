namespace TestSupport;

/// <summary>Paths of the repository the tests run from.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Pipeline.sln, found by walking up from the test assembly.</summary>
    public static string Root
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
                if (File.Exists(Path.Combine(directory.FullName, "Pipeline.sln"))) return directory.FullName;
            throw new InvalidOperationException("Pipeline.sln not found above " + AppContext.BaseDirectory);
        }
    }
}
