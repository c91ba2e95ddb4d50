namespace Worker;

/// <summary>Which rating rows of a block an entity keeps.</summary>
public enum RatingKind
{
    /// <summary>Training rows of a user block (user × item), without the run's validation rows.</summary>
    Users,

    /// <summary>Training rows of an item block (item × user), without the run's validation rows.</summary>
    Items,

    /// <summary>Held-out rows of a user block, for evaluation (empty, and not read, when the block has no sampled test user).</summary>
    Test,
}
