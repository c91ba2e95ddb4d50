namespace Parquet.Metadata;

/// <summary>The legacy annotation of a column (Thrift <c>ConvertedType</c>), superseded by <see cref="LogicalType"/>.</summary>
public enum ConvertedType
{
    /// <summary>UTF-8 string.</summary>
    Utf8 = 0,
    /// <summary>Map (nested).</summary>
    Map = 1,
    /// <summary>Map key/value (nested).</summary>
    MapKeyValue = 2,
    /// <summary>List (nested).</summary>
    List = 3,
    /// <summary>Enum stored as UTF-8.</summary>
    Enum = 4,
    /// <summary>Decimal with scale and precision in the schema.</summary>
    Decimal = 5,
    /// <summary>Days since the Unix epoch.</summary>
    Date = 6,
    /// <summary>Milliseconds since midnight.</summary>
    TimeMillis = 7,
    /// <summary>Microseconds since midnight.</summary>
    TimeMicros = 8,
    /// <summary>Milliseconds since the Unix epoch.</summary>
    TimestampMillis = 9,
    /// <summary>Microseconds since the Unix epoch.</summary>
    TimestampMicros = 10,
    /// <summary>Unsigned 8-bit integer.</summary>
    UInt8 = 11,
    /// <summary>Unsigned 16-bit integer.</summary>
    UInt16 = 12,
    /// <summary>Unsigned 32-bit integer.</summary>
    UInt32 = 13,
    /// <summary>Unsigned 64-bit integer.</summary>
    UInt64 = 14,
    /// <summary>Signed 8-bit integer.</summary>
    Int8 = 15,
    /// <summary>Signed 16-bit integer.</summary>
    Int16 = 16,
    /// <summary>Signed 32-bit integer.</summary>
    Int32 = 17,
    /// <summary>Signed 64-bit integer.</summary>
    Int64 = 18,
    /// <summary>JSON document in UTF-8.</summary>
    Json = 19,
    /// <summary>BSON document.</summary>
    Bson = 20,
    /// <summary>Months, days, milliseconds in 12 bytes.</summary>
    Interval = 21,
}
