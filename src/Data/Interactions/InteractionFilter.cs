using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>
/// The protocol's activity filters, one pass each, users first (as the seeds do): drop users with fewer than
/// <see cref="FilterOptions.MinUserItems"/> artists, then artists with fewer than
/// <see cref="FilterOptions.MinItemUsers"/> listeners among the remaining users.
/// </summary>
/// <remarks>
/// One pass each means the result is not a fixed point: after the artist pass a user may be left with fewer than
/// the minimum artists, and is kept (the seeds accept this too). A user left with no artist at all is dropped and
/// counted as emptied, since an empty row can be neither trained nor evaluated. O(nnz + users + items).
/// </remarks>
public static class InteractionFilter
{
    /// <summary>Filters <paramref name="userItems"/> (users × items, values = plays).</summary>
    /// <exception cref="ArgumentException">A minimum is negative.</exception>
    public static FilterResult Apply(CsrMatrix userItems, FilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinUserItems < 0 || options.MinItemUsers < 0)
            throw new ArgumentException($"Filter minimums must be >= 0; got users {options.MinUserItems}, items {options.MinItemUsers}.");
        int users = userItems.Rows, items = userItems.Columns;

        var keepUser = new bool[users];
        int usersBelow = 0;
        long rowsOfRemovedUsers = 0;
        var listeners = new int[items];
        var listenersAll = new int[items];
        for (int user = 0; user < users; user++)
        {
            int length = userItems.RowLength(user);
            foreach (int item in userItems.RowColumns(user)) listenersAll[item]++;
            if (length < options.MinUserItems)
            {
                usersBelow++;
                rowsOfRemovedUsers += length;
                continue;
            }
            keepUser[user] = true;
            foreach (int item in userItems.RowColumns(user)) listeners[item]++;
        }

        var newItem = new int[items];
        var itemMap = new List<int>();
        int itemsBelow = 0, itemsWithoutListeners = 0;
        long rowsOfRemovedItems = 0;
        for (int item = 0; item < items; item++)
        {
            if (listenersAll[item] == 0) itemsWithoutListeners++;
            if (listeners[item] >= options.MinItemUsers && listeners[item] > 0)
            {
                newItem[item] = itemMap.Count;
                itemMap.Add(item);
                continue;
            }
            newItem[item] = -1;
            if (listenersAll[item] > 0)
            {
                itemsBelow++;
                rowsOfRemovedItems += listeners[item];
            }
        }

        var pointers = new List<int>(users + 1) { 0 };
        var userMap = new List<int>();
        long kept = 0;
        for (int user = 0; user < users; user++)
            if (keepUser[user])
                foreach (int item in userItems.RowColumns(user)) if (newItem[item] >= 0) kept++;
        var columns = new int[kept];
        var values = new float[kept];
        int write = 0, usersEmptied = 0;
        for (int user = 0; user < users; user++)
        {
            if (!keepUser[user]) continue;
            int start = write;
            ReadOnlySpan<int> row = userItems.RowColumns(user);
            ReadOnlySpan<float> plays = userItems.RowValues(user);
            for (int j = 0; j < row.Length; j++)
            {
                int item = newItem[row[j]];
                if (item < 0) continue;
                columns[write] = item;                                   // ascending: the map preserves order
                values[write++] = plays[j];
            }
            if (write == start)
            {
                usersEmptied++;
                continue;
            }
            userMap.Add(user);
            pointers.Add(write);
        }
        var matrix = new CsrMatrix(userMap.Count, itemMap.Count, [.. pointers], columns, values);
        return new FilterResult(matrix, [.. userMap], [.. itemMap],
            new FilterCounts(usersBelow, rowsOfRemovedUsers, itemsBelow, rowsOfRemovedItems, usersEmptied, itemsWithoutListeners));
    }
}
