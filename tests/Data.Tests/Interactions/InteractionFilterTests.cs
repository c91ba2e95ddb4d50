using Data.Interactions;
using FsCheck;
using FsCheck.Fluent;
using Linalg.Sparse;

namespace Data.Tests.Interactions;

/// <summary>The filter against a brute-force LINQ oracle applying the same rules to a list of triplets.</summary>
public sealed class InteractionFilterTests
{
    private static Gen<(int Users, int Items, bool[] Cells, int MinUser, int MinItem)> Cases() =>
        from users in Gen.Choose(0, 15)
        from items in Gen.Choose(1, 15)
        from cells in Gen.ArrayOf(Gen.Elements(true, false, false), users * items)
        from minUser in Gen.Choose(0, 6)
        from minItem in Gen.Choose(0, 6)
        select (users, items, cells, minUser, minItem);

    [Fact]
    public void Filter_equals_the_one_pass_each_rules_applied_by_brute_force()
    {
        Prop.ForAll(Cases().ToArbitrary(), testCase =>
        {
            (int users, int items, bool[] cells, int minUser, int minItem) = testCase;
            var triplets = (from u in Enumerable.Range(0, users)
                            from i in Enumerable.Range(0, items)
                            where cells[u * items + i]
                            select (User: u, Item: i, Plays: (float)(u * 100 + i + 1))).ToList();
            CsrMatrix matrix = CsrMatrix.FromCoordinates(users, items, triplets.Select(t => t.User).ToArray(),
                triplets.Select(t => t.Item).ToArray(), triplets.Select(t => t.Plays).ToArray(), out _);

            FilterResult result = InteractionFilter.Apply(matrix, new FilterOptions(minUser, minItem));

            var userPass = triplets.GroupBy(t => t.User).Where(g => g.Count() >= minUser).SelectMany(g => g).ToList();
            var itemPass = userPass.GroupBy(t => t.Item).Where(g => g.Count() >= Math.Max(1, minItem)).SelectMany(g => g).ToList();
            int[] keptUsers = [.. itemPass.Select(t => t.User).Distinct().Order()];
            int[] keptItems = [.. itemPass.Select(t => t.Item).Distinct().Order()];
            var expected = itemPass.Select(t => (Array.IndexOf(keptUsers, t.User), Array.IndexOf(keptItems, t.Item), t.Plays)).Order().ToList();
            var actual = Enumerable.Range(0, result.Matrix.Rows)
                .SelectMany(u => result.Matrix.RowColumns(u).ToArray().Zip(result.Matrix.RowValues(u).ToArray(), (i, p) => (u, i, p)))
                .ToList();
            return result.UserMap.SequenceEqual(keptUsers) && result.ItemMap.SequenceEqual(keptItems)
                && actual.SequenceEqual(expected)
                && result.Counts.RowsRemoved == triplets.Count - itemPass.Count;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Counts_name_each_pass()
    {
        // User 0: 3 items (removed by the user pass, minimum 3 kept: no, minimum 4). User 1, 2: 4 items each.
        // Item 3 is listened to only by user 0, item 4 only by user 1 → below 2 listeners after the user pass.
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 6,
            [0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2],
            [0, 1, 3, 0, 1, 2, 4, 0, 1, 2, 5],
            [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1], out _);
        FilterResult result = InteractionFilter.Apply(matrix, new FilterOptions(4, 2));
        Assert.Equal(new FilterCounts(UsersBelowMinimum: 1, RowsOfRemovedUsers: 3, ItemsBelowMinimum: 3, RowsOfRemovedItems: 2,
            UsersEmptied: 0, ItemsWithoutListeners: 0), result.Counts);
        Assert.Equal([1, 2], result.UserMap);
        Assert.Equal([0, 1, 2], result.ItemMap);
        Assert.Equal(6, result.Matrix.NonZeros);
    }
}
