namespace Parquet.Metadata;

/// <summary>Unit of a TIME or TIMESTAMP logical type.</summary>
public enum TimeUnit
{
    /// <summary>Milliseconds.</summary>
    Millis,
    /// <summary>Microseconds.</summary>
    Micros,
    /// <summary>Nanoseconds.</summary>
    Nanos,
}
