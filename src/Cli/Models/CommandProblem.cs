namespace Cli.Models;

/// <summary>
/// A problem with what the user asked for (an unknown user or artist, a missing model or file): the command stops
/// with one line and exit code 2 (<see cref="ExitCodes.UsageError"/>).
/// </summary>
internal sealed class CommandProblem(string message) : Exception(message);
