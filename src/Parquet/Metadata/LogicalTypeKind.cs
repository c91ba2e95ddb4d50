namespace Parquet.Metadata;

/// <summary>The logical type annotation of a column (Thrift <c>LogicalType</c> union member).</summary>
public enum LogicalTypeKind
{
    /// <summary>No logical type.</summary>
    None,
    /// <summary>UTF-8 string.</summary>
    String,
    /// <summary>Map (nested).</summary>
    Map,
    /// <summary>List (nested).</summary>
    List,
    /// <summary>Enum stored as UTF-8.</summary>
    Enum,
    /// <summary>Decimal.</summary>
    Decimal,
    /// <summary>Days since the epoch.</summary>
    Date,
    /// <summary>Time of day.</summary>
    Time,
    /// <summary>Instant or local date-time.</summary>
    Timestamp,
    /// <summary>Integer of 8, 16, 32 or 64 bits, signed or not.</summary>
    Integer,
    /// <summary>Always null.</summary>
    Null,
    /// <summary>JSON document.</summary>
    Json,
    /// <summary>BSON document.</summary>
    Bson,
    /// <summary>16-byte UUID.</summary>
    Uuid,
    /// <summary>Half-precision float in 2 bytes.</summary>
    Float16,
    /// <summary>A logical type this library does not know (newer format); the physical type still reads.</summary>
    Other,
}
