using System.Globalization;
using System.Text;
using Parquet.Metadata;
using Parquet.Schema;

namespace Parquet.Reading;

/// <summary>
/// The values of one column for a range of rows, in one typed array chosen by the physical type (no boxing):
/// BOOLEAN → <see cref="BooleanValues"/>, INT32 → <see cref="Int32Values"/>, INT64 → <see cref="Int64Values"/>,
/// FLOAT → <see cref="FloatValues"/>, DOUBLE → <see cref="DoubleValues"/>, BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and
/// INT96 (12 raw bytes) → <see cref="BinaryValues"/>. Arrays are row-aligned: index i is row i. Nulls are marked
/// in <see cref="Validity"/> (false = null; the value slot then holds the type's default); a column with no
/// nulls has no validity array. Writers take the same type as input.
/// </summary>
public sealed class ColumnData
{
    internal ColumnData(ParquetColumn column, int count)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Column = column;
        Count = count;
        // The decoder writes every slot (values, and defaults at nulls), so value arrays skip zeroing: that is
        // most of the cost of allocating hundreds of megabytes. Reference arrays are always zeroed.
        switch (column.PhysicalType)
        {
            case PhysicalType.Boolean: BooleanValues = GC.AllocateUninitializedArray<bool>(count); break;
            case PhysicalType.Int32: Int32Values = GC.AllocateUninitializedArray<int>(count); break;
            case PhysicalType.Int64: Int64Values = GC.AllocateUninitializedArray<long>(count); break;
            case PhysicalType.Float: FloatValues = GC.AllocateUninitializedArray<float>(count); break;
            case PhysicalType.Double: DoubleValues = GC.AllocateUninitializedArray<double>(count); break;
            default: BinaryValues = new byte[count][]; break;
        }
        if (column.IsOptional) Validity = GC.AllocateUninitializedArray<bool>(count);
    }

    private ColumnData(ParquetColumn column, int count, bool[]? validity)
    {
        Column = column;
        Count = count;
        Validity = validity;
        if (validity is not null && validity.Length != count)
            throw new ArgumentException($"Column '{column.Name}': {validity.Length} validity flags for {count} values.", nameof(validity));
        if (validity is not null && !column.IsOptional)
            throw new ArgumentException($"Column '{column.Name}' is REQUIRED but nulls were given.", nameof(validity));
    }

    /// <summary>The column.</summary>
    public ParquetColumn Column { get; }

    /// <summary>Number of rows.</summary>
    public int Count { get; }

    /// <summary>BOOLEAN values.</summary>
    public bool[]? BooleanValues { get; private init; }

    /// <summary>INT32 values (DATE, INT_8/16/32, UINT_8/16/32 as their 32-bit patterns, DECIMAL).</summary>
    public int[]? Int32Values { get; private init; }

    /// <summary>INT64 values (TIMESTAMP, INT_64, UINT_64 as its bit pattern, DECIMAL).</summary>
    public long[]? Int64Values { get; private init; }

    /// <summary>FLOAT values.</summary>
    public float[]? FloatValues { get; private init; }

    /// <summary>DOUBLE values.</summary>
    public double[]? DoubleValues { get; private init; }

    /// <summary>BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96 values (null where the row is null).</summary>
    public byte[]?[]? BinaryValues { get; private init; }

    /// <summary>Per row, whether it holds a value; null when no row is null.</summary>
    public bool[]? Validity { get; internal set; }

    /// <summary>Rows that are null.</summary>
    public int NullCount { get; internal set; }

    /// <summary>Whether row <paramref name="row"/> is null.</summary>
    public bool IsNull(int row) => Validity is not null && !Validity[row];

    /// <summary>Row <paramref name="row"/> of a string column, decoded from UTF-8 (null for a null row).</summary>
    /// <exception cref="InvalidOperationException">The column does not hold byte arrays.</exception>
    public string? GetString(int row)
    {
        byte[]?[] values = BinaryValues ?? throw new InvalidOperationException($"Column '{Column.Name}' is {ParquetColumn.PhysicalTypeName(Column.PhysicalType)}, not byte arrays.");
        return IsNull(row) || values[row] is null ? null : Encoding.UTF8.GetString(values[row]!);
    }

    /// <summary>Every row of a string column (nulls as null).</summary>
    public string?[] ToStrings()
    {
        var strings = new string?[Count];
        for (int row = 0; row < Count; row++) strings[row] = GetString(row);
        return strings;
    }

    /// <summary>Input for a writer: INT32 values with optional validity (false = null).</summary>
    public static ColumnData FromInt32(ParquetColumn column, int[] values, bool[]? validity = null) =>
        Checked(column, PhysicalType.Int32, values.Length, new ColumnData(column, values.Length, validity) { Int32Values = values });

    /// <summary>Input for a writer: INT64 values.</summary>
    public static ColumnData FromInt64(ParquetColumn column, long[] values, bool[]? validity = null) =>
        Checked(column, PhysicalType.Int64, values.Length, new ColumnData(column, values.Length, validity) { Int64Values = values });

    /// <summary>Input for a writer: FLOAT values.</summary>
    public static ColumnData FromFloat(ParquetColumn column, float[] values, bool[]? validity = null) =>
        Checked(column, PhysicalType.Float, values.Length, new ColumnData(column, values.Length, validity) { FloatValues = values });

    /// <summary>Input for a writer: DOUBLE values.</summary>
    public static ColumnData FromDouble(ParquetColumn column, double[] values, bool[]? validity = null) =>
        Checked(column, PhysicalType.Double, values.Length, new ColumnData(column, values.Length, validity) { DoubleValues = values });

    /// <summary>Input for a writer: BOOLEAN values.</summary>
    public static ColumnData FromBoolean(ParquetColumn column, bool[] values, bool[]? validity = null) =>
        Checked(column, PhysicalType.Boolean, values.Length, new ColumnData(column, values.Length, validity) { BooleanValues = values });

    /// <summary>Input for a writer: byte arrays (BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY); a null entry is a null row.</summary>
    public static ColumnData FromBinary(ParquetColumn column, byte[]?[] values)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentNullException.ThrowIfNull(values);
        if (column.PhysicalType is not (PhysicalType.ByteArray or PhysicalType.FixedLenByteArray or PhysicalType.Int96))
            throw new ArgumentException($"Column '{column.Name}' is {ParquetColumn.PhysicalTypeName(column.PhysicalType)}, not byte arrays.");
        bool[]? validity = null;
        int nulls = 0;
        for (int row = 0; row < values.Length; row++)
        {
            if (values[row] is not null) continue;
            validity ??= Enumerable.Repeat(true, values.Length).ToArray();
            validity[row] = false;
            nulls++;
        }
        return new ColumnData(column, values.Length, validity) { BinaryValues = values, NullCount = nulls };
    }

    /// <summary>Input for a writer: strings, encoded as UTF-8; a null entry is a null row.</summary>
    public static ColumnData FromStrings(ParquetColumn column, IReadOnlyList<string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var bytes = new byte[]?[values.Count];
        for (int row = 0; row < bytes.Length; row++) bytes[row] = values[row] is { } text ? Encoding.UTF8.GetBytes(text) : null;
        return FromBinary(column, bytes);
    }

    private static ColumnData Checked(ParquetColumn column, PhysicalType expected, int count, ColumnData data)
    {
        if (column.PhysicalType != expected)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"Column '{column.Name}' is {ParquetColumn.PhysicalTypeName(column.PhysicalType)}; {ParquetColumn.PhysicalTypeName(expected)} values were given."));
        data.NullCount = data.Validity?.Count(valid => !valid) ?? 0;
        return data;
    }
}
