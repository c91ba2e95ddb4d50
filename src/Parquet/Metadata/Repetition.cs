namespace Parquet.Metadata;

/// <summary>Whether a column can hold nulls (Thrift <c>FieldRepetitionType</c>); repeated fields are nested and not supported.</summary>
public enum Repetition
{
    /// <summary>Exactly one value per row.</summary>
    Required = 0,
    /// <summary>Zero or one value per row (null).</summary>
    Optional = 1,
    /// <summary>Any number of values per row (nested data).</summary>
    Repeated = 2,
}
