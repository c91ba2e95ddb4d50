namespace Parquet;

/// <summary>
/// The base of every error this library raises about a Parquet file: corrupt input
/// (<see cref="ParquetFormatException"/>) or valid input outside what we support
/// (<see cref="ParquetNotSupportedException"/>). No other exception type escapes the reader on bad input.
/// </summary>
public class ParquetException : Exception
{
    /// <summary>An error at <paramref name="location"/>.</summary>
    public ParquetException(ParquetLocation location, string message, Exception? innerException = null)
        : base($"{location}: {message}", innerException)
    {
        Location = location;
        Detail = message;
    }

    /// <summary>Where the problem is.</summary>
    public ParquetLocation Location { get; }

    /// <summary>The message without the location.</summary>
    public string Detail { get; }
}
