namespace Messages;

/// <summary>Which factor matrix a block belongs to.</summary>
public enum BlockSide
{
    /// <summary>User factors X (solved with the item factors fixed).</summary>
    Users,

    /// <summary>Item factors Y (solved with the user factors fixed).</summary>
    Items,
}
