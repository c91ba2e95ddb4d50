using Linalg.Sparse;

namespace Data.Interactions;

/// <summary>
/// The protocol's activity filters (<see cref="FilterOptions"/>): optionally the most active N users first, then
/// passes of "drop users with fewer than the minimum artists" and "drop artists with fewer than the minimum
/// listeners" (users first by default), counting among what is still kept.
/// </summary>
/// <remarks>
/// With the default single pass the result is not a fixed point: after the artist filter a user may be left with
/// fewer than the minimum artists, and is kept (the seeds accept this too; <c>Passes = 0</c> iterates instead).
/// Users or artists left with nothing are dropped and counted as emptied. Each filter step is one pass over the
/// entries, O(nnz); indices are compacted once, at the end, in the input's order.
/// </remarks>
public static class InteractionFilter
{
    /// <summary>Filters <paramref name="userItems"/> (users × items, values = plays).</summary>
    /// <exception cref="ArgumentException">A minimum or count is negative.</exception>
    public static FilterResult Apply(CsrMatrix userItems, FilterOptions options)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        ArgumentNullException.ThrowIfNull(options);
        if (options.MinUserItems < 0 || options.MinItemUsers < 0 || options.Passes < 0 || options.TopUsers < 0)
            throw new ArgumentException($"Filter settings must be >= 0; got {options}.");
        int users = userItems.Rows, items = userItems.Columns;
        var keepUser = new bool[users];
        var keepItem = new bool[items];
        var rowLength = new int[users];                                   // kept artists per kept user
        var listeners = new int[items];                                   // kept users per kept artist
        int itemsWithoutListeners = 0;
        for (int user = 0; user < users; user++)
            foreach (int item in userItems.RowColumns(user)) listeners[item]++;
        for (int item = 0; item < items; item++)
        {
            keepItem[item] = listeners[item] > 0;
            if (!keepItem[item]) itemsWithoutListeners++;
        }

        // The most active N users (stable: ties go to the earlier user).
        int notInTop = 0;
        long rowsNotInTop = 0;
        int[] byActivity = [.. Enumerable.Range(0, users).OrderByDescending(userItems.RowLength).ThenBy(user => user)];
        int top = options.TopUsers == 0 ? users : Math.Min(options.TopUsers, users);
        for (int rank = 0; rank < users; rank++)
        {
            int user = byActivity[rank];
            keepUser[user] = rank < top;
            if (keepUser[user]) continue;
            notInTop++;
            rowsNotInTop += userItems.RowLength(user);
        }
        Recount(userItems, keepUser, keepItem, rowLength, listeners);

        int usersBelow = 0, itemsBelow = 0, passes = 0;
        long rowsOfUsers = 0, rowsOfItems = 0;
        bool changed = true;
        while (changed && (options.Passes == 0 || passes < options.Passes))
        {
            changed = false;
            passes++;
            for (int step = 0; step < 2; step++)
            {
                bool itemStep = (step == 0) == options.ItemsFirst;
                if (itemStep)
                {
                    for (int item = 0; item < items; item++)
                    {
                        if (!keepItem[item] || listeners[item] == 0 || listeners[item] >= options.MinItemUsers) continue;
                        keepItem[item] = false;
                        itemsBelow++;
                        rowsOfItems += listeners[item];
                        changed = true;
                    }
                }
                else
                {
                    for (int user = 0; user < users; user++)
                    {
                        if (!keepUser[user] || rowLength[user] == 0 || rowLength[user] >= options.MinUserItems) continue;
                        keepUser[user] = false;
                        usersBelow++;
                        rowsOfUsers += rowLength[user];
                        changed = true;
                    }
                }
                Recount(userItems, keepUser, keepItem, rowLength, listeners);
            }
        }

        // Drop what was emptied, then compact indices in input order.
        int usersEmptied = 0, itemsEmptied = 0;
        for (int user = 0; user < users; user++)
            if (keepUser[user] && rowLength[user] == 0) { keepUser[user] = false; usersEmptied++; }
        for (int item = 0; item < items; item++)
            if (keepItem[item] && listeners[item] == 0) { keepItem[item] = false; itemsEmptied++; }
        var newItem = new int[items];
        var itemMap = new List<int>();
        for (int item = 0; item < items; item++) newItem[item] = keepItem[item] ? AddIndex(itemMap, item) : -1;
        var userMap = new List<int>();
        long kept = 0;
        for (int user = 0; user < users; user++)
            if (keepUser[user]) { userMap.Add(user); kept += rowLength[user]; }
        var pointers = new int[userMap.Count + 1];
        var columns = new int[kept];
        var values = new float[kept];
        int write = 0;
        for (int index = 0; index < userMap.Count; index++)
        {
            int user = userMap[index];
            ReadOnlySpan<int> row = userItems.RowColumns(user);
            ReadOnlySpan<float> plays = userItems.RowValues(user);
            for (int j = 0; j < row.Length; j++)
            {
                if (newItem[row[j]] < 0) continue;
                columns[write] = newItem[row[j]];                           // ascending: the map preserves order
                values[write++] = plays[j];
            }
            pointers[index + 1] = write;
        }
        return new FilterResult(new CsrMatrix(userMap.Count, itemMap.Count, pointers, columns, values), [.. userMap], [.. itemMap],
            new FilterCounts(notInTop, rowsNotInTop, usersBelow, rowsOfUsers, itemsBelow, rowsOfItems, usersEmptied, itemsEmptied,
                itemsWithoutListeners, passes));
    }

    private static int AddIndex(List<int> map, int value)
    {
        map.Add(value);
        return map.Count - 1;
    }

    /// <summary>Kept artists per kept user and kept users per kept artist, counting only entries where both are kept.</summary>
    private static void Recount(CsrMatrix userItems, bool[] keepUser, bool[] keepItem, int[] rowLength, int[] listeners)
    {
        Array.Clear(rowLength);
        Array.Clear(listeners);
        for (int user = 0; user < userItems.Rows; user++)
        {
            if (!keepUser[user]) continue;
            int length = 0;
            foreach (int item in userItems.RowColumns(user))
            {
                if (!keepItem[item]) continue;
                length++;
                listeners[item]++;
            }
            rowLength[user] = length;
        }
    }
}
