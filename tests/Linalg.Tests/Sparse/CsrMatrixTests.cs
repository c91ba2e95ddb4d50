using FsCheck;
using FsCheck.Fluent;
using Linalg.Sparse;

namespace Linalg.Tests.Sparse;

public sealed class CsrMatrixTests
{
    [Fact]
    public void From_coordinates_sorts_rows_and_sums_duplicates()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 4, [2, 0, 0, 2, 0], [0, 3, 1, 0, 3], [7, 2, 5, 1, 4], out int merged);
        Assert.Equal(2, merged);                                   // (0, 3) twice and (2, 0) twice
        Assert.Equal([0, 2, 2, 3], matrix.RowPointers);
        Assert.Equal([1, 3, 0], matrix.ColumnIndices);
        Assert.Equal([5f, 6f, 8f], matrix.Values);
        matrix.Validate();
    }

    [Fact]
    public void Transpose_twice_is_the_identity_and_matches_the_dense_transpose()
    {
        var cases = from rows in Gen.Choose(0, 12)
                    from columns in Gen.Choose(0, 12)
                    from cells in Gen.ArrayOf(Gen.Choose(0, 4), rows * columns)
                    select (rows, columns, cells);
        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            (int rows, int columns, int[] cells) = testCase;
            var r = new List<int>(); var c = new List<int>(); var v = new List<float>();
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < columns; j++)
                    if (cells[i * columns + j] > 0) { r.Add(i); c.Add(j); v.Add(cells[i * columns + j]); }
            CsrMatrix matrix = CsrMatrix.FromCoordinates(rows, columns, r.ToArray(), c.ToArray(), v.ToArray(), out _);
            CsrMatrix transposed = matrix.Transpose();
            transposed.Validate();
            bool dense = true;
            for (int j = 0; j < columns; j++)
            {
                int[] expected = Enumerable.Range(0, rows).Where(i => cells[i * columns + j] > 0).ToArray();
                dense &= transposed.RowColumns(j).SequenceEqual(expected)
                      && transposed.RowValues(j).SequenceEqual(expected.Select(i => (float)cells[i * columns + j]).ToArray());
            }
            CsrMatrix back = transposed.Transpose();
            return dense && back.RowPointers.SequenceEqual(matrix.RowPointers) && back.ColumnIndices.SequenceEqual(matrix.ColumnIndices);
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData(new[] { 0, 2, 1 }, new[] { 0, 1 }, "row pointer decreases")]
    [InlineData(new[] { 0, 2, 2 }, new[] { 1, 1 }, "does not increase")]
    [InlineData(new[] { 0, 1, 2 }, new[] { 0, 9 }, "column 9 is outside")]
    public void Validate_names_the_row_and_the_rule(int[] pointers, int[] columns, string message)
    {
        var matrix = new CsrMatrix(2, 3, pointers, columns, new float[columns.Length]);
        var error = Assert.Throws<InvalidDataException>(matrix.Validate);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Constructor_rejects_inconsistent_lengths()
    {
        Assert.Throws<ArgumentException>(() => new CsrMatrix(2, 3, [0, 1], [0], [1]));
        Assert.Throws<ArgumentException>(() => new CsrMatrix(1, 3, [0, 2], [0], [1]));
        Assert.Throws<ArgumentException>(() => new CsrMatrix(1, 3, [1, 1], [0], [1]));
    }

    [Fact]
    public void Except_and_row_slice_match_the_dense_definition()
    {
        // Dense oracle: a block of rows [first, first + count) of a whole matrix, minus the cells another matrix holds.
        var cases = from rows in Gen.Choose(0, 10)
                    from columns in Gen.Choose(0, 10)
                    from cells in Gen.ArrayOf(Gen.Choose(0, 3), rows * columns)
                    from drop in Gen.ArrayOf(Gen.Choose(0, 2), rows * columns)
                    from first in Gen.Choose(0, rows)
                    from count in Gen.Choose(0, rows - first)
                    select (rows, columns, cells, drop, first, count);
        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            (int rows, int columns, int[] cells, int[] drop, int first, int count) = testCase;
            CsrMatrix whole = Sparse(rows, columns, cells), remove = Sparse(rows, columns, drop);
            CsrMatrix block = whole.RowSlice(first, count);
            CsrMatrix kept = block.Except(remove, first);
            kept.Validate();
            bool ok = block.Rows == count && kept.Rows == count && kept.Columns == columns;
            for (int r = 0; r < count; r++)
            {
                int[] expectedBlock = [.. Enumerable.Range(0, columns).Where(j => cells[(first + r) * columns + j] > 0)];
                int[] expectedKept = [.. expectedBlock.Where(j => drop[(first + r) * columns + j] == 0)];
                ok &= block.RowColumns(r).SequenceEqual(expectedBlock)
                   && kept.RowColumns(r).SequenceEqual(expectedKept)
                   && kept.RowValues(r).SequenceEqual(expectedKept.Select(j => (float)cells[(first + r) * columns + j]).ToArray());
            }
            return ok;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Except_refuses_a_matrix_of_other_columns_or_too_few_rows()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(2, 3, [0, 1], [1, 2], [1, 1], out _);
        Assert.Contains("columns", Assert.Throws<ArgumentException>(() => matrix.Except(CsrMatrix.FromCoordinates(2, 4, [], [], [], out _))).Message);
        Assert.Contains("do not exist", Assert.Throws<ArgumentException>(() => matrix.Except(matrix, firstRemoveRow: 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => matrix.RowSlice(1, 2));
    }

    private static CsrMatrix Sparse(int rows, int columns, int[] cells)
    {
        var r = new List<int>(); var c = new List<int>(); var v = new List<float>();
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < columns; j++)
                if (cells[i * columns + j] > 0) { r.Add(i); c.Add(j); v.Add(cells[i * columns + j]); }
        return CsrMatrix.FromCoordinates(rows, columns, r.ToArray(), c.ToArray(), v.ToArray(), out _);
    }

    [Fact]
    public void The_column_range_is_the_smallest_and_largest_column_index_and_null_without_entries()
    {
        CsrMatrix matrix = CsrMatrix.FromCoordinates(3, 9, [2, 0, 1], [5, 7, 2], [1, 1, 1], out _);
        Assert.Equal((2, 7), matrix.ColumnRange());
        Assert.Null(new CsrMatrix(2, 9, [0, 0, 0], [], []).ColumnRange());
    }
}
