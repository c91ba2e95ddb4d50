using Data.Interactions;
using FsCheck;
using FsCheck.Fluent;
using Linalg.Sparse;

namespace Data.Tests.Interactions;

/// <summary>The filter against a brute-force oracle applying the same rules to a set of (user, item) pairs.</summary>
public sealed class InteractionFilterTests
{
    private static Gen<(int Users, int Items, bool[] Cells, FilterOptions Options)> Cases() =>
        from users in Gen.Choose(0, 15)
        from items in Gen.Choose(1, 15)
        from cells in Gen.ArrayOf(Gen.Elements(true, false, false), users * items)
        from minUser in Gen.Choose(0, 6)
        from minItem in Gen.Choose(0, 6)
        from itemsFirst in Gen.Elements(false, true)
        from passes in Gen.Choose(0, 3)
        from top in Gen.Choose(0, 12)
        select (users, items, cells, new FilterOptions(minUser, minItem, itemsFirst, passes, top));

    /// <summary>The rules, written plainly: top users, then passes of the two filters in the chosen order.</summary>
    private static HashSet<(int User, int Item)> Oracle(int users, List<(int User, int Item)> pairs, FilterOptions options)
    {
        var rows = pairs.ToHashSet();
        if (options.TopUsers > 0)
        {
            var top = Enumerable.Range(0, users).OrderByDescending(u => pairs.Count(p => p.User == u)).ThenBy(u => u).Take(options.TopUsers).ToHashSet();
            rows.RemoveWhere(p => !top.Contains(p.User));
        }
        for (int pass = 0; options.Passes == 0 || pass < options.Passes; pass++)
        {
            int before = rows.Count;
            foreach (bool itemStep in options.ItemsFirst ? new[] { true, false } : new[] { false, true })
            {
                var counts = rows.GroupBy(p => itemStep ? p.Item : p.User).ToDictionary(g => g.Key, g => g.Count());
                rows.RemoveWhere(p => counts[itemStep ? p.Item : p.User] < (itemStep ? options.MinItemUsers : options.MinUserItems));
            }
            if (rows.Count == before) break;
        }
        return rows;
    }

    [Fact]
    public void Filter_equals_the_rules_applied_by_brute_force_in_every_order_and_number_of_passes()
    {
        Prop.ForAll(Cases().ToArbitrary(), testCase =>
        {
            (int users, int items, bool[] cells, FilterOptions options) = testCase;
            var pairs = (from u in Enumerable.Range(0, users) from i in Enumerable.Range(0, items) where cells[u * items + i] select (u, i)).ToList();
            CsrMatrix matrix = CsrMatrix.FromCoordinates(users, items, [.. pairs.Select(p => p.u)], [.. pairs.Select(p => p.i)],
                [.. pairs.Select(p => (float)(p.u * 100 + p.i + 1))], out _);

            FilterResult result = InteractionFilter.Apply(matrix, options);

            HashSet<(int User, int Item)> expected = Oracle(users, pairs, options);
            int[] keptUsers = [.. expected.Select(p => p.User).Distinct().Order()];
            int[] keptItems = [.. expected.Select(p => p.Item).Distinct().Order()];
            var actual = Enumerable.Range(0, result.Matrix.Rows).SelectMany(u => result.Matrix.RowColumns(u).ToArray()
                .Zip(result.Matrix.RowValues(u).ToArray(), (i, plays) => (User: result.UserMap[u], Item: result.ItemMap[i], Plays: plays))).ToList();
            return result.UserMap.SequenceEqual(keptUsers) && result.ItemMap.SequenceEqual(keptItems)
                && actual.Select(r => (r.User, r.Item)).ToHashSet().SetEquals(expected)
                && actual.All(r => r.Plays == r.User * 100 + r.Item + 1)
                && result.Counts.RowsRemoved == pairs.Count - expected.Count;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }

    [Fact]
    public void Counts_name_each_cause()
    {
        // User 0 has 3 artists (below 4); users 1 and 2 have 4. After the user pass, items 3 (only user 0) is emptied,
        // items 4 and 5 have one listener each (below 2) and go; user 1 and 2 keep 3 artists each (one pass: kept).
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 6,
            [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
            [0, 1, 3, 0, 1, 2, 4, 0, 1, 2, 5],
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], out _);
        FilterResult result = InteractionFilter.Apply(matrix, new FilterOptions(4, 2));
        Assert.Equal(new FilterCounts(UsersNotInTop: 0, RowsOfUsersNotInTop: 0, UsersBelowMinimum: 1, RowsOfRemovedUsers: 3,
            ItemsBelowMinimum: 2, RowsOfRemovedItems: 2, UsersEmptied: 0, ItemsEmptied: 1, ItemsWithoutListeners: 0, Passes: 1), result.Counts);
        Assert.Equal([1, 2], result.UserMap);
        Assert.Equal([0, 1, 2], result.ItemMap);
        Assert.Equal(6, result.Matrix.NonZeros);

        // Until nothing changes: users 1 and 2 now have 3 artists, below 4, so everything goes.
        FilterResult fixedPoint = InteractionFilter.Apply(matrix, new FilterOptions(4, 2, Passes: 0));
        Assert.Equal(0, fixedPoint.Matrix.NonZeros);
        Assert.Equal(3, fixedPoint.Counts.Passes);                    // the third pass finds nothing left to change
        Assert.Equal(11, fixedPoint.Counts.RowsRemoved);
    }

    [Fact]
    public void Top_users_keeps_the_most_active_with_ties_to_the_earlier_user()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(4, 3, [0, 1, 1, 2, 2, 3, 3], [0, 0, 1, 0, 2, 1, 2], [1, 1, 1, 1, 1, 1, 1], out _);
        FilterResult result = InteractionFilter.Apply(matrix, new FilterOptions(0, 0, TopUsers: 2));
        Assert.Equal([1, 2], result.UserMap);
        Assert.Equal(2, result.Counts.UsersNotInTop);
        Assert.Equal(3, result.Counts.RowsOfUsersNotInTop);
    }
}
