namespace Cli.Serving;

/// <summary>
/// A request the service refuses: it answers <see cref="Status"/> (a 4xx code) with <c>{"error": message}</c> on one line.
/// </summary>
internal sealed class RequestProblem(int status, string message) : Exception(message)
{
    /// <summary>The HTTP status code: 400 for a malformed request, 404 for an unknown user or artist, 413 for a body too large.</summary>
    public int Status { get; } = status;
}
