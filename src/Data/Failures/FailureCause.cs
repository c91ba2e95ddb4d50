namespace Data.Failures;

/// <summary>How a failure's cause reads in a run's failure message, the same for the coordinator and the block actors.</summary>
public static class FailureCause
{
    /// <summary>errno of "No space left on device" on Linux, which .NET reports as the IOException's HResult.</summary>
    private const int NoSpaceErrno = 28;

    /// <summary>HRESULT of ERROR_DISK_FULL (0x70) and ERROR_HANDLE_DISK_FULL (0x27) on Windows.</summary>
    private const int DiskFullWin32 = 0x70, HandleDiskFullWin32 = 0x27;

    /// <summary>
    /// The message alone for data and I/O errors (our readers and writers name the file and say what happened: a full
    /// disk, a damaged block), a full disk said in words; any other exception keeps its type name, since it is a bug to report.
    /// </summary>
    public static string Of(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error switch
        {
            IOException io when IsDiskFull(io) => $"the disk is full ({io.Message}); free some space",
            IOException or InvalidDataException => error.Message,
            _ => $"{error.GetType().Name}: {error.Message}",
        };
    }

    /// <summary>Whether <paramref name="io"/> says the disk (or quota) is full.</summary>
    public static bool IsDiskFull(IOException io)
    {
        ArgumentNullException.ThrowIfNull(io);
        return io.HResult == NoSpaceErrno || (io.HResult & 0xFFFF) is DiskFullWin32 or HandleDiskFullWin32
            || io.Message.Contains("No space left on device", StringComparison.Ordinal)
            || io.Message.Contains("because the disk was full", StringComparison.Ordinal);
    }
}
