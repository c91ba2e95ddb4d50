using System.Numerics.Tensors;
using Linalg.Training;

namespace Linalg.Sparse;

/// <summary>
/// A sparse matrix in compressed sparse row (CSR) form with <see cref="float"/> values: for the rating data,
/// rows are users (or items), columns index the other side and values are play counts.
/// </summary>
/// <remarks>
/// Row r holds the entries <c>ColumnIndices[RowPointers[r] .. RowPointers[r + 1])</c> with the values at the
/// same positions. Worked example, 3 users × 4 artists:
/// <code>
///   user 0 played artist 1 (5×) and artist 3 (2×)     RowPointers   = [0, 2, 2, 3]
///   user 1 played nothing                             ColumnIndices = [1, 3, 0]
///   user 2 played artist 0 (7×)                       Values        = [5, 2, 7]
/// </code>
/// Columns within a row are strictly increasing (no duplicates); the constructor checks the shape and
/// <see cref="Validate"/> checks every entry. Indices are 32-bit: one matrix holds at most 2³¹ − 1 entries,
/// which is why large data is split into blocks.
/// </remarks>
public sealed class CsrMatrix
{
    /// <summary>Wraps existing arrays (no copy) after checking their lengths and the first and last row pointer.</summary>
    /// <param name="rows">Number of rows.</param>
    /// <param name="columns">Number of columns; every column index must be below it.</param>
    /// <param name="rowPointers">Length <paramref name="rows"/> + 1, non-decreasing, starting at 0.</param>
    /// <param name="columnIndices">Column of each entry, at least <c>rowPointers[rows]</c> long.</param>
    /// <param name="values">Value of each entry, as long as <paramref name="columnIndices"/>.</param>
    /// <exception cref="ArgumentException">A length or the row pointer range does not fit.</exception>
    public CsrMatrix(int rows, int columns, int[] rowPointers, int[] columnIndices, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(columns);
        ArgumentNullException.ThrowIfNull(rowPointers);
        ArgumentNullException.ThrowIfNull(columnIndices);
        ArgumentNullException.ThrowIfNull(values);
        if (rowPointers.Length != rows + 1)
            throw new ArgumentException($"rowPointers has {rowPointers.Length} entries; {rows} rows need {rows + 1}.", nameof(rowPointers));
        if (rowPointers[0] != 0)
            throw new ArgumentException($"rowPointers[0] is {rowPointers[0]}; it must be 0.", nameof(rowPointers));
        int nonZeros = rowPointers[rows];
        if (nonZeros < 0 || nonZeros > columnIndices.Length || columnIndices.Length != values.Length)
            throw new ArgumentException(
                $"rowPointers[{rows}] = {nonZeros} entries, but columnIndices has {columnIndices.Length} and values {values.Length}.",
                nameof(rowPointers));
        Rows = rows;
        Columns = columns;
        RowPointers = rowPointers;
        ColumnIndices = columnIndices;
        Values = values;
    }

    /// <summary>Number of rows.</summary>
    public int Rows { get; }

    /// <summary>Number of columns.</summary>
    public int Columns { get; }

    /// <summary>Start of each row's entries; length <see cref="Rows"/> + 1.</summary>
    public int[] RowPointers { get; }

    /// <summary>Column index of each entry, increasing within a row.</summary>
    public int[] ColumnIndices { get; }

    /// <summary>Value of each entry.</summary>
    public float[] Values { get; }

    /// <summary>Number of stored entries.</summary>
    public int NonZeros => RowPointers[Rows];

    /// <summary>Number of entries in <paramref name="row"/>.</summary>
    public int RowLength(int row) => RowPointers[row + 1] - RowPointers[row];

    /// <summary>Column indices of <paramref name="row"/>.</summary>
    public ReadOnlySpan<int> RowColumns(int row) =>
        ColumnIndices.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>Values of <paramref name="row"/>.</summary>
    public ReadOnlySpan<float> RowValues(int row) =>
        Values.AsSpan(RowPointers[row], RowPointers[row + 1] - RowPointers[row]);

    /// <summary>The smallest and largest column index of the entries, or null when there are none (one vectorised pass each).</summary>
    public (int Smallest, int Largest)? ColumnRange()
    {
        ReadOnlySpan<int> columns = ColumnIndices.AsSpan(0, NonZeros);
        return columns.IsEmpty ? null : (TensorPrimitives.Min(columns), TensorPrimitives.Max(columns));
    }

    /// <summary>Checks every row pointer and column index: non-decreasing pointers, columns in range and strictly increasing within each row.</summary>
    /// <exception cref="InvalidDataException">Names the first row and entry that break a rule.</exception>
    public void Validate()
    {
        for (int row = 0; row < Rows; row++)
        {
            int start = RowPointers[row], end = RowPointers[row + 1];
            if (end < start)
                throw new InvalidDataException($"CSR row {row}: row pointer decreases from {start} to {end}.");
            for (int entry = start; entry < end; entry++)
            {
                int column = ColumnIndices[entry];
                if ((uint)column >= (uint)Columns)
                    throw new InvalidDataException($"CSR row {row}, entry {entry}: column {column} is outside [0, {Columns}).");
                if (entry > start && column <= ColumnIndices[entry - 1])
                    throw new InvalidDataException(
                        $"CSR row {row}, entry {entry}: column {column} does not increase (previous {ColumnIndices[entry - 1]}).");
            }
        }
    }

    /// <summary>
    /// Whether the rows are users or items, when the matrix knows it (a prepared dataset's blocks do); the BM25
    /// confidence needs it to tell a row's own length from its columns' document frequencies.
    /// </summary>
    public FactorSide? RowSide { get; init; }

    /// <summary>This matrix (the same arrays, no copy) marked with <paramref name="side"/> as its <see cref="RowSide"/>.</summary>
    public CsrMatrix WithRowSide(FactorSide side) => new(Rows, Columns, RowPointers, ColumnIndices, Values) { RowSide = side };

    /// <summary>The transpose (rows become columns), with columns again increasing within each row.</summary>
    /// <remarks>A counting sort: O(nnz + rows + columns), two passes. Because rows are visited in order,
    /// each output row receives its entries with increasing column, so no per-row sort is needed.</remarks>
    public CsrMatrix Transpose()
    {
        int nonZeros = NonZeros;
        var pointers = new int[Columns + 1];
        for (int entry = 0; entry < nonZeros; entry++) pointers[ColumnIndices[entry] + 1]++;
        for (int column = 0; column < Columns; column++) pointers[column + 1] += pointers[column];

        var next = new int[Columns];
        Array.Copy(pointers, next, Columns);
        var columns = new int[nonZeros];
        var values = new float[nonZeros];
        for (int row = 0; row < Rows; row++)
        {
            for (int entry = RowPointers[row], end = RowPointers[row + 1]; entry < end; entry++)
            {
                int position = next[ColumnIndices[entry]]++;
                columns[position] = row;
                values[position] = Values[entry];
            }
        }
        return new CsrMatrix(Columns, Rows, pointers, columns, values)
        {
            RowSide = RowSide switch { FactorSide.Users => FactorSide.Items, FactorSide.Items => FactorSide.Users, _ => null },
        };
    }

    /// <summary>
    /// Rows <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 as a matrix of their own
    /// (local rows 0 … <paramref name="count"/> − 1, the same columns): a block of a whole matrix.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are not all inside the matrix.</exception>
    public CsrMatrix RowSlice(int first, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(first, Rows - count);
        int start = RowPointers[first], entries = RowPointers[first + count] - start;
        var pointers = new int[count + 1];
        for (int row = 0; row < count; row++) pointers[row + 1] = RowPointers[first + row + 1] - start;
        return new CsrMatrix(count, Columns, pointers, ColumnIndices.AsSpan(start, entries).ToArray(), Values.AsSpan(start, entries).ToArray())
        {
            RowSide = RowSide,
        };
    }

    /// <summary>
    /// This matrix without the entries that <paramref name="remove"/> holds: local row r loses the columns of row
    /// <paramref name="firstRemoveRow"/> + r of <paramref name="remove"/> (a block of rows minus the same rows of a
    /// whole matrix). Values of <paramref name="remove"/> are ignored; a column it names that this row lacks is ignored too.
    /// </summary>
    /// <remarks>One merge per row of the two increasing column lists: O(nnz of both). Worked example: row 0 with
    /// columns [1, 4, 7] and values [5, 2, 9], minus a row with [4, 8], keeps [1, 7] with [5, 9].</remarks>
    /// <exception cref="ArgumentException">The two differ in columns, or <paramref name="remove"/> has too few rows.</exception>
    public CsrMatrix Except(CsrMatrix remove, int firstRemoveRow = 0)
    {
        ArgumentNullException.ThrowIfNull(remove);
        if (remove.Columns != Columns)
            throw new ArgumentException($"The matrix to remove has {remove.Columns} columns, this one {Columns}.", nameof(remove));
        ArgumentOutOfRangeException.ThrowIfNegative(firstRemoveRow);
        if (firstRemoveRow > remove.Rows - Rows)
            throw new ArgumentException($"Rows {firstRemoveRow} … {firstRemoveRow + Rows - 1} of the matrix to remove do not exist (it has {remove.Rows}).", nameof(firstRemoveRow));
        var pointers = new int[Rows + 1];
        var columns = new int[NonZeros];
        var values = new float[NonZeros];
        int write = 0;
        for (int row = 0; row < Rows; row++)
        {
            ReadOnlySpan<int> drop = remove.RowColumns(firstRemoveRow + row);
            int next = 0;
            for (int entry = RowPointers[row], end = RowPointers[row + 1]; entry < end; entry++)
            {
                int column = ColumnIndices[entry];
                while (next < drop.Length && drop[next] < column) next++;
                if (next < drop.Length && drop[next] == column) continue;
                columns[write] = column;
                values[write++] = Values[entry];
            }
            pointers[row + 1] = write;
        }
        if (write < columns.Length)
        {
            Array.Resize(ref columns, write);
            Array.Resize(ref values, write);
        }
        return new CsrMatrix(Rows, Columns, pointers, columns, values) { RowSide = RowSide };
    }

    /// <summary>
    /// Builds a matrix from (row, column, value) triplets in any order. Triplets with the same row and
    /// column are merged by summing their values; <paramref name="merged"/> counts how many were merged away.
    /// </summary>
    /// <exception cref="ArgumentException">The spans differ in length, or a row or column is out of range (named with its position).</exception>
    public static CsrMatrix FromCoordinates(int rows, int columns, ReadOnlySpan<int> rowIndices,
        ReadOnlySpan<int> columnIndices, ReadOnlySpan<float> values, out int merged)
    {
        if (rowIndices.Length != columnIndices.Length || rowIndices.Length != values.Length)
            throw new ArgumentException(
                $"Triplet spans differ in length: rows {rowIndices.Length}, columns {columnIndices.Length}, values {values.Length}.");
        int count = rowIndices.Length;
        var pointers = new int[rows + 1];
        for (int i = 0; i < count; i++)
        {
            int row = rowIndices[i], column = columnIndices[i];
            if ((uint)row >= (uint)rows)
                throw new ArgumentException($"Triplet {i}: row {row} is outside [0, {rows}).", nameof(rowIndices));
            if ((uint)column >= (uint)columns)
                throw new ArgumentException($"Triplet {i}: column {column} is outside [0, {columns}).", nameof(columnIndices));
            pointers[row + 1]++;
        }
        for (int row = 0; row < rows; row++) pointers[row + 1] += pointers[row];

        // Bucket by row, then sort each row by column and merge equal columns in place.
        var next = new int[rows];
        Array.Copy(pointers, next, rows);
        var outColumns = new int[count];
        var outValues = new float[count];
        for (int i = 0; i < count; i++)
        {
            int position = next[rowIndices[i]]++;
            outColumns[position] = columnIndices[i];
            outValues[position] = values[i];
        }

        merged = 0;
        int write = 0;
        for (int row = 0; row < rows; row++)
        {
            int start = pointers[row], end = pointers[row + 1];
            Array.Sort(outColumns, outValues, start, end - start);
            pointers[row] = write;
            for (int entry = start; entry < end; entry++)
            {
                if (write > pointers[row] && outColumns[write - 1] == outColumns[entry])
                {
                    outValues[write - 1] += outValues[entry];
                    merged++;
                    continue;
                }
                outColumns[write] = outColumns[entry];
                outValues[write] = outValues[entry];
                write++;
            }
        }
        pointers[rows] = write;
        if (merged > 0)
        {
            Array.Resize(ref outColumns, write);
            Array.Resize(ref outValues, write);
        }
        return new CsrMatrix(rows, columns, pointers, outColumns, outValues);
    }
}
