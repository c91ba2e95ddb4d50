namespace Data.Datasets;

/// <summary>More input rows were rejected than <see cref="PrepareOptions.MaxRejectFraction"/> allows: probably the wrong file or format.</summary>
public sealed class TooManyRejectsException(string message) : IOException(message);
