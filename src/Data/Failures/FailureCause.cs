namespace Data.Failures;

/// <summary>How a failure's cause reads in a run's failure message, the same for the coordinator and the block actors.</summary>
public static class FailureCause
{
    /// <summary>
    /// The message alone for data and I/O errors (our readers and writers name the file and say what happened: a full
    /// disk, a damaged block); any other exception keeps its type name, since it is a bug to report.
    /// </summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is IOException or InvalidDataException ? error.Message : $"{error.GetType().Name}: {error.Message}";
    }
}
