namespace Data.Failures;

/// <summary>
/// A file or folder the caller named cannot be used as asked: a plays file with a bad line, a folder that is not a
/// prepared dataset or not the model's, a run folder without a run, a certificate without its key. Unlike damage found
/// in data the program wrote itself, the fix is to name something else, so the command line reports it as a usage error
/// (exit code 2). It is an <see cref="IOException"/> (<see cref="InvalidDataException"/> is sealed), so callers that
/// handle I/O failures of a file handle it too.
/// </summary>
public sealed class InvalidInputException : IOException
{
    /// <summary>A failure described by <paramref name="message"/>, which names the file or folder and the option.</summary>
    public InvalidInputException(string message) : base(message) { }

    /// <summary>A failure described by <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public InvalidInputException(string message, Exception inner) : base(message, inner) { }
}
