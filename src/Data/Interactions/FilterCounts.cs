namespace Data.Interactions;

/// <summary>What <see cref="InteractionFilter"/> removed, by cause. Every removed row is counted under exactly one cause.</summary>
/// <param name="UsersNotInTop">Users outside the most active N (when <see cref="FilterOptions.TopUsers"/> is set).</param>
/// <param name="RowsOfUsersNotInTop">Their rows.</param>
/// <param name="UsersBelowMinimum">Users removed by the user filter (in any pass).</param>
/// <param name="RowsOfRemovedUsers">Rows those users still had when removed.</param>
/// <param name="ItemsBelowMinimum">Artists removed by the artist filter (in any pass).</param>
/// <param name="RowsOfRemovedItems">Rows those artists still had when removed.</param>
/// <param name="UsersEmptied">Users left with no artist by the artist filter (dropped: an empty row can be neither trained nor evaluated).</param>
/// <param name="ItemsEmptied">Artists left with no listener by the user filter (dropped for the same reason).</param>
/// <param name="ItemsWithoutListeners">Catalogue entries with no row at all in the input.</param>
/// <param name="Passes">Passes actually made.</param>
public sealed record FilterCounts(int UsersNotInTop, long RowsOfUsersNotInTop, int UsersBelowMinimum, long RowsOfRemovedUsers,
    int ItemsBelowMinimum, long RowsOfRemovedItems, int UsersEmptied, int ItemsEmptied, int ItemsWithoutListeners, int Passes)
{
    /// <summary>Every row removed.</summary>
    public long RowsRemoved => RowsOfUsersNotInTop + RowsOfRemovedUsers + RowsOfRemovedItems;
}
