namespace Worker;

/// <summary>Which rating rows of a block an entity keeps.</summary>
public enum RatingKind
{
    /// <summary>Training rows of a user block (user × item).</summary>
    Users,

    /// <summary>Training rows of an item block (item × user).</summary>
    Items,

    /// <summary>Held-out rows of a user block, for evaluation.</summary>
    Test,
}
