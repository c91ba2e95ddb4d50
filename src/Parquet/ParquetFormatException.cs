using System.Globalization;

namespace Parquet;

/// <summary>The file is not valid Parquet: a length, offset or value read from it is impossible. Names the place and the bad value.</summary>
public sealed class ParquetFormatException : ParquetException
{
    /// <summary>Corrupt data at <paramref name="location"/>.</summary>
    public ParquetFormatException(ParquetLocation location, string message, Exception? innerException = null)
        : base(location, message, innerException)
    {
    }

    /// <summary>A read of <paramref name="needed"/> bytes where only <paramref name="remaining"/> are left.</summary>
    internal static ParquetFormatException Truncated(ParquetLocation location, long needed, long remaining, string what) =>
        new(location, string.Create(CultureInfo.InvariantCulture, $"{what} needs {needed} bytes but only {remaining} remain (truncated or corrupt)"));
}
