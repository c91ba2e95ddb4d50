using Data.Interactions;
using Data.Synthetic;
using Linalg.Sparse;

namespace Data.Tests.Interactions;

public sealed class ValidationSplitTests
{
    [Fact]
    public void Only_sampled_users_give_rows_away_and_train_plus_validation_is_the_input()
    {
        CsrMatrix input = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 5).BuildMatrix(2);
        ValidationSplitResult split = ValidationSplit.Carve(input, users: 300, fraction: 0.2, seed: 7, threads: 2);
        split.Train.Validate();
        split.Validation.Validate();
        Assert.Equal(300, split.Users.Length);                              // every sampled user here has >= 5 artists
        Assert.Equal(split.Users.Order(), split.Users);
        var sampled = split.Users.ToHashSet();
        for (int user = 0; user < input.Rows; user++)
        {
            int[] train = split.Train.RowColumns(user).ToArray(), validation = split.Validation.RowColumns(user).ToArray();
            Assert.Empty(train.Intersect(validation));
            Assert.Equal(input.RowColumns(user).ToArray(), train.Concat(validation).Order().ToArray());
            int expected = sampled.Contains(user) ? HoldoutSplit.HeldOutCount(input.RowLength(user), 0.2) : 0;
            Assert.Equal(expected, validation.Length);
            Assert.Equal(input.RowValues(user).ToArray().Sum(), split.Train.RowValues(user).ToArray().Sum() + split.Validation.RowValues(user).ToArray().Sum());
        }
    }

    [Fact]
    public void The_same_seed_carves_the_same_rows_for_any_thread_count_and_another_seed_does_not()
    {
        CsrMatrix input = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 6).BuildMatrix(2);
        ValidationSplitResult one = ValidationSplit.Carve(input, 200, 0.2, seed: 3, threads: 1);
        ValidationSplitResult two = ValidationSplit.Carve(input, 200, 0.2, seed: 3, threads: 3);
        Assert.Equal(one.Users, two.Users);
        Assert.Equal(one.Validation.RowPointers, two.Validation.RowPointers);
        Assert.Equal(one.Validation.ColumnIndices, two.Validation.ColumnIndices);
        ValidationSplitResult other = ValidationSplit.Carve(input, 200, 0.2, seed: 4, threads: 1);
        Assert.NotEqual(one.Users, other.Users);
    }

    [Fact]
    public void Users_below_the_minimum_are_never_sampled_and_zero_means_every_eligible_user()
    {
        // Users 0 and 2 have 5 artists, user 1 has 4: only 0 and 2 can give rows away.
        int[] rows = [0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 2];
        int[] columns = [0, 1, 2, 3, 4, 0, 1, 2, 3, 2, 3, 4, 5, 6];
        CsrMatrix input = CsrMatrix.FromCoordinates(3, 7, rows, columns, [.. Enumerable.Repeat(1f, rows.Length)], out _);
        ValidationSplitResult all = ValidationSplit.Carve(input, users: 0, fraction: 0.2, seed: 1);
        Assert.Equal([0, 2], all.Users);
        Assert.Equal(0, all.Validation.RowLength(1));
        Assert.Equal(1, all.Validation.RowLength(0));
        Assert.Contains("fraction", Assert.Throws<ArgumentException>(() => ValidationSplit.Carve(input, 1, 0, 1)).Message);
    }
}
