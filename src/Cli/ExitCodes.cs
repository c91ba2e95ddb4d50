namespace Cli;

/// <summary>Process exit codes of the <c>als</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Success = 0;

    /// <summary>The command failed while running (an error in the data or the computation).</summary>
    public const int Failure = 1;

    /// <summary>The command line or its inputs are wrong (bad option, missing file): nothing was done.</summary>
    public const int UsageError = 2;

    /// <summary>Stopped by Ctrl-C (128 + SIGINT), after saving what can be saved.</summary>
    public const int Cancelled = 130;
}
