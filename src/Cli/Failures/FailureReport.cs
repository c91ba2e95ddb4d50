using System.Text.Json;
using Cli.Models;
using Data.Datasets;
using Data.Factors;
using Data.Failures;
using Data.Files;
using Data.Models;
using Linalg.Als;
using Parquet;

namespace Cli.Failures;

/// <summary>
/// The one place that turns an exception escaping a command into an exit code and one or two plain sentences on
/// standard error (never a stack trace). Commands throw; they do not keep catch lists of their own.
/// </summary>
/// <remarks>
/// Exit codes keep their meaning (<see cref="ExitCodes"/>): 2 for what the user asked (<see cref="CommandProblem"/>, an input
/// they named that cannot be used (<see cref="InvalidInputException"/>), an ambiguous artist name, a bad argument, a
/// path that does not exist), 1 for data or a computation that failed, 130 for Ctrl-C. The message is
/// the exception's own (our readers name the file, row and field), reduced to one line.
/// </remarks>
internal static class FailureReport
{
    /// <summary>Writes the message of <paramref name="failure"/> for <paramref name="command"/> on <paramref name="error"/>; returns the exit code.</summary>
    /// <param name="failure">What escaped the command.</param>
    /// <param name="command">The command as typed after <c>als</c> ("train", "parquet cat").</param>
    /// <param name="error">Standard error.</param>
    /// <param name="next">What the user can do next, whatever the failure (e.g. the exact resume command); one sentence after the message, or null.</param>
    public static int Write(Exception failure, string command, TextWriter error, string? next = null)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(error);
        (int exitCode, string message) = Describe(failure);
        error.WriteLine(next is null ? $"als {command}: {message}" : $"als {command}: {message} {next}");
        error.Flush();
        return exitCode;
    }

    /// <summary>The exit code and the one-line message for <paramref name="failure"/>.</summary>
    internal static (int ExitCode, string Message) Describe(Exception failure)
    {
        switch (failure)
        {
            case AggregateException aggregate when aggregate.InnerExceptions.Count >= 1:
                return Describe(aggregate.InnerExceptions[0]);          // Parallel.For and Task.WaitAll wrap the first cause
            case CommandProblem or InvalidInputException or AmbiguousArtistException:
                return (ExitCodes.UsageError, OneLine(failure.Message));    // what the user named is wrong: they name something else
            case OperationCanceledException:
                return (ExitCodes.Cancelled, "stopped.");
            case FileNotFoundException or DirectoryNotFoundException:
                return (ExitCodes.UsageError, OneLine(failure.Message) + " Check the path.");
            case UnauthorizedAccessException:
                return (ExitCodes.Failure, OneLine(failure.Message) + " Check the permissions of the file or folder.");
            case IOException io when FailureCause.IsDiskFull(io):
                return (ExitCodes.Failure, $"the disk is full ({OneLine(io.Message)}). Free some space or choose another folder, then run the command again.");
            case JsonException json:
                return (ExitCodes.Failure, $"a JSON file is not valid ({OneLine(json.Message)}). Restore or regenerate the file.");
            case InvalidDataException or FactorFileException or ParquetException or TooManyRejectsException or NotPositiveDefiniteException
                or NonFiniteFactorsException or IOException:
                return (ExitCodes.Failure, OneLine(failure.Message));
            case ArgumentException:
                return (ExitCodes.UsageError, OneLine(failure.Message));
            case OutOfMemoryException:
                return (ExitCodes.Failure, "out of memory. Use a smaller dataset, fewer factors or fewer threads.");
            default:
                return (ExitCodes.Failure,
                    $"unexpected {failure.GetType().Name}: {OneLine(failure.Message)} This is a bug: please report it with the command line that caused it.");
        }
    }

    /// <summary>The message on one line (a multi-line message would read like a trace).</summary>
    private static string OneLine(string message) =>
        string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
