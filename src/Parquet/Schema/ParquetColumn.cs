using Parquet.Metadata;

namespace Parquet.Schema;

/// <summary>
/// One column of a flat Parquet schema: its name, physical type, nullability and annotation. Readers get these
/// from a file; writers build them with the factory methods.
/// </summary>
/// <param name="Name">Column name.</param>
/// <param name="PhysicalType">Storage type.</param>
/// <param name="IsOptional">Whether values may be null (OPTIONAL) or not (REQUIRED).</param>
/// <param name="TypeLength">Byte length of FIXED_LEN_BYTE_ARRAY values (0 otherwise).</param>
/// <param name="ConvertedType">Legacy annotation, if any.</param>
/// <param name="LogicalType">Logical type, if any.</param>
/// <param name="Scale">Decimal scale (0 unless decimal).</param>
/// <param name="Precision">Decimal precision (0 unless decimal).</param>
public sealed record ParquetColumn(string Name, PhysicalType PhysicalType, bool IsOptional, int TypeLength = 0,
    ConvertedType? ConvertedType = null, LogicalType? LogicalType = null, int Scale = 0, int Precision = 0)
{
    /// <summary>Whether the bytes are UTF-8 text (STRING, UTF8, ENUM or JSON annotations).</summary>
    public bool IsString =>
        PhysicalType == PhysicalType.ByteArray
        && (LogicalType?.Kind is LogicalTypeKind.String or LogicalTypeKind.Enum or LogicalTypeKind.Json
            || ConvertedType is Metadata.ConvertedType.Utf8 or Metadata.ConvertedType.Enum or Metadata.ConvertedType.Json);

    /// <summary>Whether an integer column holds unsigned values (UINT_* or INTEGER(signed = false)).</summary>
    public bool IsUnsigned =>
        LogicalType is { Kind: LogicalTypeKind.Integer, IsSigned: false }
        || ConvertedType is Metadata.ConvertedType.UInt8 or Metadata.ConvertedType.UInt16 or Metadata.ConvertedType.UInt32 or Metadata.ConvertedType.UInt64;

    /// <summary>Whether the column is a decimal (logical or converted annotation).</summary>
    public bool IsDecimal => LogicalType?.Kind == LogicalTypeKind.Decimal || ConvertedType == Metadata.ConvertedType.Decimal;

    /// <summary>A 32-bit integer column.</summary>
    public static ParquetColumn Int32(string name, bool optional = false) => new(name, PhysicalType.Int32, optional);

    /// <summary>A 64-bit integer column.</summary>
    public static ParquetColumn Int64(string name, bool optional = false) => new(name, PhysicalType.Int64, optional);

    /// <summary>A single-precision float column.</summary>
    public static ParquetColumn Float(string name, bool optional = false) => new(name, PhysicalType.Float, optional);

    /// <summary>A double-precision float column.</summary>
    public static ParquetColumn Double(string name, bool optional = false) => new(name, PhysicalType.Double, optional);

    /// <summary>A boolean column.</summary>
    public static ParquetColumn Boolean(string name, bool optional = false) => new(name, PhysicalType.Boolean, optional);

    /// <summary>A UTF-8 string column (BYTE_ARRAY annotated STRING and UTF8).</summary>
    public static ParquetColumn String(string name, bool optional = false) =>
        new(name, PhysicalType.ByteArray, optional, ConvertedType: Metadata.ConvertedType.Utf8, LogicalType: Metadata.LogicalType.String);

    /// <summary>An un-annotated byte-array column.</summary>
    public static ParquetColumn Binary(string name, bool optional = false) => new(name, PhysicalType.ByteArray, optional);

    /// <summary>A fixed-length byte-array column of <paramref name="length"/> bytes.</summary>
    public static ParquetColumn FixedLength(string name, int length, bool optional = false) =>
        new(name, PhysicalType.FixedLenByteArray, optional, TypeLength: length);

    /// <summary>A DATE column (INT32 days since 1970-01-01).</summary>
    public static ParquetColumn Date(string name, bool optional = false) =>
        new(name, PhysicalType.Int32, optional, ConvertedType: Metadata.ConvertedType.Date, LogicalType: new LogicalType(LogicalTypeKind.Date));

    /// <summary>A TIMESTAMP column of INT64 microseconds since the epoch (UTC).</summary>
    public static ParquetColumn TimestampMicros(string name, bool optional = false) =>
        new(name, PhysicalType.Int64, optional, ConvertedType: Metadata.ConvertedType.TimestampMicros,
            LogicalType: new LogicalType(LogicalTypeKind.Timestamp, Unit: TimeUnit.Micros, IsAdjustedToUtc: true));

    /// <summary>A DECIMAL column stored as INT64 unscaled values.</summary>
    public static ParquetColumn Decimal64(string name, int precision, int scale, bool optional = false) =>
        new(name, PhysicalType.Int64, optional, ConvertedType: Metadata.ConvertedType.Decimal,
            LogicalType: new LogicalType(LogicalTypeKind.Decimal, Scale: scale, Precision: precision), Scale: scale, Precision: precision);

    /// <summary>A one-line description: "name: INT32 OPTIONAL (STRING)".</summary>
    public string Describe()
    {
        string annotation = LogicalType is { Kind: not LogicalTypeKind.None } logical
            ? logical.Kind switch
            {
                LogicalTypeKind.Decimal => $" (DECIMAL({logical.Precision},{logical.Scale}))",
                LogicalTypeKind.Timestamp => $" (TIMESTAMP {logical.Unit}{(logical.IsAdjustedToUtc ? " UTC" : "")})",
                LogicalTypeKind.Time => $" (TIME {logical.Unit})",
                LogicalTypeKind.Integer => $" ({(logical.IsSigned ? "INT" : "UINT")}{logical.BitWidth})",
                _ => $" ({logical.Kind.ToString().ToUpperInvariant()})",
            }
            : ConvertedType is { } converted ? $" ({converted.ToString().ToUpperInvariant()})" : "";
        string length = PhysicalType == PhysicalType.FixedLenByteArray ? $"({TypeLength})" : "";
        return $"{Name}: {PhysicalTypeName(PhysicalType)}{length} {(IsOptional ? "OPTIONAL" : "REQUIRED")}{annotation}";
    }

    /// <summary>The format's spelling of a physical type (INT32, BYTE_ARRAY, …).</summary>
    public static string PhysicalTypeName(PhysicalType type) => type switch
    {
        PhysicalType.Boolean => "BOOLEAN",
        PhysicalType.Int32 => "INT32",
        PhysicalType.Int64 => "INT64",
        PhysicalType.Int96 => "INT96",
        PhysicalType.Float => "FLOAT",
        PhysicalType.Double => "DOUBLE",
        PhysicalType.ByteArray => "BYTE_ARRAY",
        PhysicalType.FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        _ => type.ToString(),
    };
}
