namespace Linalg.Training;

/// <summary>Which factor matrix: users (X) or items (Y).</summary>
public enum FactorSide
{
    /// <summary>User factors X.</summary>
    Users,

    /// <summary>Item factors Y.</summary>
    Items,
}
