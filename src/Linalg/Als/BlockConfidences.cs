using Linalg.Sparse;

namespace Linalg.Als;

/// <summary>
/// The confidence c of every entry of one block of rating rows, computed once for a run and reused by every half-step
/// that solves the block. The entries' confidences never change during training (they depend on the plays, α, ε and,
/// for bm25, the whole matrix's counts), yet computing them row by row cost about a tenth of each half-step: two
/// BM25 divisions per entry on every pass.
/// </summary>
/// <remarks>
/// The values are those <see cref="Confidence.ComputeRow"/> gives row by row, so a solve with them is bit-identical to
/// one without. A block's confidences hold 4 bytes per entry beside the block's own 8.
/// </remarks>
public sealed class BlockConfidences
{
    /// <summary>Rows per work item when computing in parallel: a few thousand entries each on average.</summary>
    private const int RowsPerRange = 256;

    private BlockConfidences(CsrMatrix block, AlsOptions options, float[] values)
    {
        Block = block;
        ColumnRange = block.ColumnRange();
        _mode = options.Confidence;
        _alpha = options.Alpha;
        _epsilon = options.Epsilon;
        _bm25 = options.Bm25;
        Values = values;
    }

    private readonly ConfidenceMode _mode;
    private readonly float _alpha, _epsilon;
    private readonly Bm25Statistics? _bm25;

    /// <summary>The block the confidences belong to.</summary>
    public CsrMatrix Block { get; }

    /// <summary>
    /// The smallest and largest column index of the block's entries (null for none), found once here: a solve with these
    /// confidences checks the range against the fixed side instead of scanning every entry again each half-step.
    /// </summary>
    internal (int Smallest, int Largest)? ColumnRange { get; }

    /// <summary>One confidence per entry, in the block's entry order (row r's are at <c>RowPointers[r]</c>…).</summary>
    public float[] Values { get; }

    /// <summary>The confidence of every entry of <paramref name="block"/> under <paramref name="options"/>, on <paramref name="threads"/> threads.</summary>
    /// <exception cref="InvalidOperationException">bm25 without statistics, or a block that does not say its side.</exception>
    public static BlockConfidences Compute(CsrMatrix block, AlsOptions options, int threads)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(options);
        var values = new float[block.NonZeros];
        void ComputeRows(int first, int end)
        {
            for (int row = first; row < end; row++)
                Confidence.ComputeRow(block, row, options, values.AsSpan(block.RowPointers[row], block.RowLength(row)));
        }
        if (threads <= 1 || block.Rows < 2 * RowsPerRange)
            ComputeRows(0, block.Rows);
        else
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, block.Rows, RowsPerRange),
                new ParallelOptions { MaxDegreeOfParallelism = threads }, range => ComputeRows(range.Item1, range.Item2));
        return new BlockConfidences(block, options, values);
    }

    /// <summary>
    /// Whether these are the confidences of <paramref name="block"/> (the same instance) under the confidence settings of
    /// <paramref name="options"/> (mode, α, ε, the same BM25 statistics).
    /// </summary>
    public bool Serves(CsrMatrix block, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ReferenceEquals(block, Block) && options.Confidence == _mode && options.Alpha.Equals(_alpha)
            && options.Epsilon.Equals(_epsilon) && ReferenceEquals(options.Bm25, _bm25);
    }

    /// <summary>The confidences of row <paramref name="row"/>.</summary>
    internal ReadOnlySpan<float> Row(int row) => Values.AsSpan(Block.RowPointers[row], Block.RowLength(row));
}
