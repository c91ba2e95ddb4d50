using Parquet.Meta;
using Parquet.Schema;

namespace Data.Files;

/// <summary>One column of a flat Parquet file: its name, the library's field, the physical type and annotation.</summary>
/// <param name="Index">Position in the schema (from 0).</param>
/// <param name="Name">The column's name.</param>
/// <param name="Field">Parquet.Net's field, for its readers and writers.</param>
/// <param name="Element">The raw schema element (physical type, repetition, converted and logical type).</param>
public sealed record ParquetTableColumn(int Index, string Name, DataField Field, SchemaElement Element)
{
    /// <summary>Whether the column is OPTIONAL (may hold nulls).</summary>
    public bool IsNullable => Field.IsNullable;

    /// <summary>The CLR type Parquet.Net gives each value (int, long, string, byte[], DateTime, decimal …).</summary>
    public System.Type ClrType => Field.ClrType;

    /// <summary>Whether values read as text (Parquet.Net gives <c>string</c> or <c>ReadOnlyMemory&lt;char&gt;</c>).</summary>
    public bool IsString => ClrType == typeof(string) || ClrType == typeof(ReadOnlyMemory<char>);

    /// <summary>Whether values read as raw bytes (<c>byte[]</c> or <c>ReadOnlyMemory&lt;byte&gt;</c>).</summary>
    public bool IsBytes => ClrType == typeof(byte[]) || ClrType == typeof(ReadOnlyMemory<byte>);

    /// <summary>The physical type as the specification names it (INT32, BYTE_ARRAY …).</summary>
    public string PhysicalType => Element.Type switch
    {
        Parquet.Meta.Type.BOOLEAN => "BOOLEAN",
        Parquet.Meta.Type.INT32 => "INT32",
        Parquet.Meta.Type.INT64 => "INT64",
        Parquet.Meta.Type.INT96 => "INT96",
        Parquet.Meta.Type.FLOAT => "FLOAT",
        Parquet.Meta.Type.DOUBLE => "DOUBLE",
        Parquet.Meta.Type.BYTE_ARRAY => "BYTE_ARRAY",
        Parquet.Meta.Type.FIXED_LEN_BYTE_ARRAY => $"FIXED_LEN_BYTE_ARRAY({Element.TypeLength})",
        _ => Element.Type?.ToString() ?? "none",
    };

    /// <summary>The annotation (logical type, else converted type), or null when the column has none.</summary>
    public string? Annotation
    {
        get
        {
            LogicalType? logical = Element.LogicalType;
            if (logical is not null)
            {
                if (logical.STRING is not null) return "STRING";
                if (logical.ENUM is not null) return "ENUM";
                if (logical.JSON is not null) return "JSON";
                if (logical.DATE is not null) return "DATE";
                if (logical.UUID is not null) return "UUID";
                if (logical.FLOAT16 is not null) return "FLOAT16";
                if (logical.DECIMAL is { } d) return $"DECIMAL({d.Precision},{d.Scale})";
                if (logical.INTEGER is { } i) return $"INT({i.BitWidth},{(i.IsSigned ? "signed" : "unsigned")})";
                if (logical.TIMESTAMP is { } t) return $"TIMESTAMP({Unit(t.Unit)},{(t.IsAdjustedToUTC ? "UTC" : "local")})";
                if (logical.TIME is { } time) return $"TIME({Unit(time.Unit)})";
            }
            return Element.ConvertedType?.ToString();
        }
    }

    /// <summary>A one-line description: physical type, REQUIRED or OPTIONAL, and the annotation in parentheses.</summary>
    public string Describe() => $"{PhysicalType} {(IsNullable ? "OPTIONAL" : "REQUIRED")}{(Annotation is { } a ? $" ({a})" : "")}";

    private static string Unit(Parquet.Meta.TimeUnit unit) => unit.MILLIS is not null ? "ms" : unit.MICROS is not null ? "us" : "ns";
}
