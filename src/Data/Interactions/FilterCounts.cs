namespace Data.Interactions;

/// <summary>What <see cref="InteractionFilter"/> removed, pass by pass.</summary>
/// <param name="UsersBelowMinimum">Users with fewer than the minimum artists (user pass).</param>
/// <param name="RowsOfRemovedUsers">Their rows.</param>
/// <param name="ItemsBelowMinimum">Artists with fewer than the minimum listeners among the kept users (artist pass).</param>
/// <param name="RowsOfRemovedItems">Their rows.</param>
/// <param name="UsersEmptied">Users that passed the user pass but lost every artist in the artist pass (dropped too).</param>
/// <param name="ItemsWithoutListeners">Artists with no listener at all in the input.</param>
public sealed record FilterCounts(int UsersBelowMinimum, long RowsOfRemovedUsers, int ItemsBelowMinimum, long RowsOfRemovedItems,
    int UsersEmptied, int ItemsWithoutListeners)
{
    /// <summary>Every row removed.</summary>
    public long RowsRemoved => RowsOfRemovedUsers + RowsOfRemovedItems;
}
