namespace Parquet.Metadata;

/// <summary>Physical storage type of a Parquet column (Thrift <c>Type</c>).</summary>
public enum PhysicalType
{
    /// <summary>1 bit per value.</summary>
    Boolean = 0,
    /// <summary>32-bit signed integer.</summary>
    Int32 = 1,
    /// <summary>64-bit signed integer.</summary>
    Int64 = 2,
    /// <summary>12-byte legacy timestamp: nanoseconds of the day (int64) and Julian day (int32), little-endian.</summary>
    Int96 = 3,
    /// <summary>IEEE 754 single precision.</summary>
    Float = 4,
    /// <summary>IEEE 754 double precision.</summary>
    Double = 5,
    /// <summary>Variable-length bytes.</summary>
    ByteArray = 6,
    /// <summary>Bytes of a length fixed by the schema.</summary>
    FixedLenByteArray = 7,
}
