using System.Globalization;
using System.Text.Json;
using Data.Models;
using Microsoft.AspNetCore.Http;

namespace Cli.Serving;

/// <summary>Maps what a request throws to a status code and a one-line message: the service's one rule for errors.</summary>
internal static class ServiceErrors
{
    /// <summary>The status and message for <paramref name="failure"/>.</summary>
    public static (int Status, string Message) Map(Exception failure, long maxBodyBytes)
    {
        ArgumentNullException.ThrowIfNull(failure);
        (int status, string message) = Classify(failure, maxBodyBytes);
        return (status, OneLine(message));
    }

    private static (int Status, string Message) Classify(Exception failure, long maxBodyBytes)
    {
        // Kestrel's body limit can surface wrapped (by the JSON reader), so the whole chain is looked at first.
        for (Exception? inner = failure; inner is not null; inner = inner.InnerException)
            if (inner is BadHttpRequestException bad)
                return bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? (bad.StatusCode, string.Create(CultureInfo.InvariantCulture, $"the body is larger than {maxBodyBytes} bytes."))
                    : (bad.StatusCode, "bad request: " + bad.Message);
        return failure switch
        {
            RequestProblem problem => (problem.Status, problem.Message),
            JsonException json => (StatusCodes.Status400BadRequest, "malformed JSON body: " + json.Message),
            AmbiguousArtistException ambiguous => (StatusCodes.Status400BadRequest, ambiguous.Message),
            ArgumentException argument => (StatusCodes.Status400BadRequest, argument.Message),
            _ => (StatusCodes.Status500InternalServerError, $"internal error ({failure.GetType().Name}): {failure.Message}"),
        };
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
