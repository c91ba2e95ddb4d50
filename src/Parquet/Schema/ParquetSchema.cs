using System.Globalization;
using Parquet.Metadata;

namespace Parquet.Schema;

/// <summary>A flat schema: the root and its leaf columns, in file order.</summary>
public sealed class ParquetSchema
{
    private readonly Dictionary<string, int> _indexByName;

    /// <summary>A schema of <paramref name="columns"/> (names must be distinct and non-empty).</summary>
    /// <exception cref="ArgumentException">A name is empty or repeated.</exception>
    public ParquetSchema(IReadOnlyList<ParquetColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        Columns = columns;
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            if (string.IsNullOrEmpty(columns[i].Name)) throw new ArgumentException($"Column {i} has no name.", nameof(columns));
            if (!_indexByName.TryAdd(columns[i].Name, i)) throw new ArgumentException($"Column name '{columns[i].Name}' appears twice.", nameof(columns));
        }
    }

    /// <summary>The columns in order.</summary>
    public IReadOnlyList<ParquetColumn> Columns { get; }

    /// <summary>The index of the column named <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    /// <summary>
    /// The flat schema of a file's schema elements, or an error: nested groups and repeated fields are not supported
    /// (the message names the column), a tree that does not add up is corrupt.
    /// </summary>
    internal static ParquetSchema FromThrift(List<ThriftSchemaElement> elements, ParquetLocation location)
    {
        if (elements.Count == 0) throw new ParquetFormatException(location, "the schema has no root element");
        ThriftSchemaElement root = elements[0];
        int children = root.NumChildren ?? 0;
        if (children < 0 || children > elements.Count - 1)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the schema root claims {children} children but the schema lists {elements.Count - 1} more elements"));
        var columns = new List<ParquetColumn>(children);
        int position = 1;
        for (int child = 0; child < children; child++)
        {
            ThriftSchemaElement element = elements[position++];
            if (element.NumChildren is > 0 || element.Type is null)
                throw new ParquetNotSupportedException(location with { Column = element.Name }, "nested column",
                    $"column '{element.Name}' is a group (nested schema); only flat schemas are read");
            if (element.Repetition == Repetition.Repeated)
                throw new ParquetNotSupportedException(location with { Column = element.Name }, "repeated column",
                    $"column '{element.Name}' is REPEATED (nested schema); only flat schemas are read");
            if (!Enum.IsDefined(element.Type.Value))
                throw new ParquetFormatException(location with { Column = element.Name }, $"unknown physical type {(int)element.Type.Value}");
            if (element.Type == PhysicalType.FixedLenByteArray && element.TypeLength is not > 0)
                throw new ParquetFormatException(location with { Column = element.Name },
                    $"FIXED_LEN_BYTE_ARRAY column has type length {element.TypeLength?.ToString(CultureInfo.InvariantCulture) ?? "(missing)"}");
            columns.Add(new ParquetColumn(element.Name, element.Type.Value, element.Repetition != Repetition.Required,
                element.TypeLength ?? 0, element.ConvertedType, element.LogicalType, element.Scale ?? element.LogicalType?.Scale ?? 0,
                element.Precision ?? element.LogicalType?.Precision ?? 0));
        }
        if (position != elements.Count)
            throw new ParquetFormatException(location, string.Create(CultureInfo.InvariantCulture,
                $"the schema lists {elements.Count} elements but the root's {children} children account for {position}"));
        try
        {
            return new ParquetSchema(columns);
        }
        catch (ArgumentException error)
        {
            throw new ParquetNotSupportedException(location, "duplicate column names", error.Message);
        }
    }

    /// <summary>The schema elements of this schema, root first.</summary>
    internal List<ThriftSchemaElement> ToThrift()
    {
        var elements = new List<ThriftSchemaElement> { new() { Name = "schema", NumChildren = Columns.Count } };
        foreach (ParquetColumn column in Columns)
        {
            elements.Add(new ThriftSchemaElement
            {
                Name = column.Name,
                Type = column.PhysicalType,
                Repetition = column.IsOptional ? Repetition.Optional : Repetition.Required,
                TypeLength = column.PhysicalType == PhysicalType.FixedLenByteArray ? column.TypeLength : null,
                ConvertedType = column.ConvertedType,
                LogicalType = column.LogicalType,
                Scale = column.IsDecimal ? column.Scale : null,
                Precision = column.IsDecimal ? column.Precision : null,
            });
        }
        return elements;
    }
}
