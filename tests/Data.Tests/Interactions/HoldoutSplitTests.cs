using Data.Interactions;
using Data.Synthetic;
using Linalg.Sparse;

namespace Data.Tests.Interactions;

public sealed class HoldoutSplitTests
{
    [Theory]
    [InlineData(4, 0)]
    [InlineData(5, 1)]
    [InlineData(7, 1)]      // 1.4
    [InlineData(8, 2)]      // 1.6
    [InlineData(12, 2)]     // 2.4
    [InlineData(13, 3)]     // 2.6
    [InlineData(50, 10)]
    public void Held_out_count_is_max_one_round_fraction_times_n(int interactions, int expected) =>
        Assert.Equal(expected, HoldoutSplit.HeldOutCount(interactions, 0.2));

    [Fact]
    public void Train_and_test_are_disjoint_cover_the_input_and_hold_out_the_stated_counts()
    {
        CsrMatrix input = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 3).BuildMatrix(2);
        SplitResult split = HoldoutSplit.Split(input, 0.2, seed: 9, threads: 2);
        split.Train.Validate();
        split.Test.Validate();
        int testUsers = 0;
        for (int user = 0; user < input.Rows; user++)
        {
            int[] train = split.Train.RowColumns(user).ToArray(), test = split.Test.RowColumns(user).ToArray();
            Assert.Empty(train.Intersect(test));
            Assert.Equal(input.RowColumns(user).ToArray(), train.Concat(test).Order().ToArray());
            Assert.Equal(HoldoutSplit.HeldOutCount(input.RowLength(user), 0.2), test.Length);
            foreach ((int item, float plays) in test.Zip(split.Test.RowValues(user).ToArray()))
                Assert.Equal(input.RowValues(user)[Array.IndexOf(input.RowColumns(user).ToArray(), item)], plays);
            if (test.Length > 0) testUsers++;
        }
        Assert.Equal(testUsers, split.TestUsers);
    }

    [Fact]
    public void The_same_key_and_seed_choose_the_same_items_whatever_the_row_order_and_threads()
    {
        CsrMatrix input = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 4).BuildMatrix(2);
        ulong[] keys = [.. Enumerable.Range(0, input.Rows).Select(u => (ulong)u * 7919)];
        SplitResult forward = HoldoutSplit.Split(input, 0.2, 11, keys, threads: 1);

        // Reverse the users (as another block layout would order them) with their keys.
        int[] order = [.. Enumerable.Range(0, input.Rows).Reverse()];
        CsrMatrix reversed = Reorder(input, order);
        SplitResult backward = HoldoutSplit.Split(reversed, 0.2, 11, [.. order.Select(u => keys[u])], threads: 3);
        for (int position = 0; position < order.Length; position++)
            Assert.Equal(forward.Test.RowColumns(order[position]).ToArray(), backward.Test.RowColumns(position).ToArray());

        SplitResult otherSeed = HoldoutSplit.Split(input, 0.2, 12, keys);
        Assert.False(otherSeed.Test.ColumnIndices.AsSpan().SequenceEqual(forward.Test.ColumnIndices));
    }

    [Fact]
    public void Invalid_arguments_are_named()
    {
        var input = new CsrMatrix(1, 1, [0, 0], [], []);
        Assert.Contains("test fraction", Assert.Throws<ArgumentException>(() => HoldoutSplit.Split(input, 1.0, 1)).Message);
        Assert.Contains("user keys", Assert.Throws<ArgumentException>(() => HoldoutSplit.Split(input, 0.2, 1, [1, 2])).Message);
    }

    private static CsrMatrix Reorder(CsrMatrix input, int[] order)
    {
        var rows = new List<int>(); var columns = new List<int>(); var values = new List<float>();
        for (int position = 0; position < order.Length; position++)
        {
            foreach (int column in input.RowColumns(order[position])) { rows.Add(position); columns.Add(column); }
            values.AddRange(input.RowValues(order[position]).ToArray());
        }
        return CsrMatrix.FromCoordinates(input.Rows, input.Columns, [.. rows], [.. columns], [.. values], out _);
    }
}
