using System.Runtime.CompilerServices;
using System.Collections.Concurrent;
using System.Numerics.Tensors;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Linalg.Dense;
using Linalg.Kernels;
using Linalg.Sparse;
using Linalg.Training;

namespace Linalg.Als;

/// <summary>
/// One ALS half-step over a block of rows: with the other side F fixed, every row x of the block gets the
/// minimiser of ∑ⱼ cⱼ(pⱼ − xᵀfⱼ)² + λ‖x‖² over all n columns j (Hu, Koren, Volinsky 2008, eq. 3–4).
/// </summary>
/// <remarks>
/// <para>The normal equations of row u are Aᵤx = bᵤ with</para>
/// <code>
///   Aᵤ = FᵀCᵤF + λI = (FᵀF + λI) + Fᵀ(Cᵤ − I)F        bᵤ = FᵀCᵤp(u) = ∑_{j played} cⱼfⱼ
/// </code>
/// <para>Unplayed columns have c = 1 and p = 0, so only the nᵤ played entries touch the middle term: with the
/// shared Gram matrix FᵀF computed once per half-step, a row costs O(nᵤk) per CG step plus O(k²) for the
/// (FᵀF + λI)·p product, instead of O(nk²). The Cholesky solver builds Aᵤ in O(nᵤk²) and factors it in O(k³).</para>
/// <para>This is a pure function: the block's rows in CSR form (column = index into F, value = plays) and the
/// warm-start rows in, the new rows out. The single-process trainer and the distributed workers call exactly
/// this. Rows are independent, so the result does not depend on the thread count.</para>
/// </remarks>
public static class HalfStep
{
    /// <summary>
    /// CG stops early once ‖r‖² falls below this: further steps would divide by a vanishing pᵀAp and only add
    /// rounding noise (the same floor as <c>implicit</c>).
    /// </summary>
    internal const float ResidualFloor = 1e-20f;

    /// <summary>Rows per work item handed to a thread: small enough to balance skewed rows (popular artists), large enough to amortise scheduling.</summary>
    private const int MaxRowsPerRange = 64;

    /// <summary>
    /// Solves every row of <paramref name="block"/>, replacing the rows of <paramref name="rowFactors"/>
    /// (read as the CG warm start, then overwritten with the solution).
    /// </summary>
    /// <param name="block">The block's rows: column = row index of <paramref name="fixedFactors"/>, value = plays.</param>
    /// <param name="fixedFactors">F, the other side (n × k).</param>
    /// <param name="gram">FᵀF (k × k, double precision) of all of F; λI is added here.</param>
    /// <param name="options">λ, α, confidence mode, solver, CG steps, threads. <c>Factors</c> must equal k.</param>
    /// <param name="rowFactors">The block's factor rows (rows × k), updated in place.</param>
    /// <param name="observedLoss">
    /// Also return the observed-entry terms of the loss (<see cref="ImplicitLoss"/>) of the block's entries with the new
    /// rows. Called on the last half-step of an iteration (items), this is the loss's only pass over the entries, and
    /// it costs no extra gathering: CG already has every sⱼ = fⱼ·x of the warm start and fⱼ·p of each step, and the
    /// new sⱼ is the warm start's plus ∑ αₛ·fⱼ·pₛ. The terms are summed row by row in row order, so they do not
    /// depend on the thread count.
    /// </param>
    /// <param name="confidences">
    /// The block's entry confidences computed once (<see cref="BlockConfidences.Compute"/>), for callers that solve the same
    /// block every iteration; null computes them row by row. The result is the same bit for bit.
    /// </param>
    /// <param name="scheduler">
    /// Where the rows' work runs: by default the thread pool, on up to <c>options.Threads</c> threads. Solves given one
    /// scheduler share its concurrency (a node's blocks in flight share its threads); the calling thread only waits.
    /// </param>
    /// <returns>The observed loss terms when <paramref name="observedLoss"/>, else zero terms.</returns>
    /// <exception cref="ArgumentException">Shapes disagree, a column index lies outside F (named), or <paramref name="confidences"/> belong to another block or other settings.</exception>
    /// <exception cref="NotPositiveDefiniteException">The Cholesky solver met a singular row system.</exception>
    public static ObservedLossTerms Solve(CsrMatrix block, FactorMatrix fixedFactors, double[] gram, AlsOptions options, FactorMatrix rowFactors,
        bool observedLoss = false, BlockConfidences? confidences = null, TaskScheduler? scheduler = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(fixedFactors);
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(rowFactors);
        options.Validate();
        int k = fixedFactors.Factors;
        if (confidences is not null && !confidences.Serves(block, options))
            throw new ArgumentException("The confidences given were computed for another block or other confidence settings.", nameof(confidences));
        CheckShapes(block, fixedFactors, gram, options, rowFactors, confidences?.ColumnRange);

        var problem = new Problem(block, fixedFactors, options,
            options.Solver == AlsSolver.ConjugateGradient ? GramMatrix.Regularized(gram, k, options.Regularization) : default,
            options.Solver == AlsSolver.Cholesky ? RegularizedDouble(gram, k, options.Regularization) : null,
            observedLoss ? new double[2 * block.Rows] : null, confidences);

        int rows = block.Rows;
        if (rows == 0) return default;
        int threads = Math.Min(options.Threads, Math.Max(1, rows / MaxRowsPerRange));
        if (threads == 1 && scheduler is null)
        {
            RowScratch scratch = RowScratch.Rent(k, MaxRowLength(block));
            for (int row = 0; row < rows; row++) SolveRow(problem, row, rowFactors.Row(row), scratch);
            RowScratch.Return(scratch);
            return problem.LossTerms();
        }

        int rangeSize = Math.Clamp(rows / (threads * 16), 1, MaxRowsPerRange);
        int maxRowLength = MaxRowLength(block);
        try
        {
            Parallel.ForEach(Partitioner.Create(0, rows, rangeSize), new ParallelOptions { MaxDegreeOfParallelism = threads, TaskScheduler = scheduler ?? TaskScheduler.Default },
                () => RowScratch.Rent(k, maxRowLength),
                (range, _, scratch) =>
                {
                    for (int row = range.Item1; row < range.Item2; row++) SolveRow(problem, row, rowFactors.Row(row), scratch);
                    return scratch;
                },
                RowScratch.Return);
        }
        catch (AggregateException error) when (error.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();   // surface the row's own exception
        }
        return problem.LossTerms();
    }

    /// <summary>
    /// Solves one user's row given its played item columns and plays (folding in a new user against fixed item
    /// factors). <paramref name="row"/> is the warm start and receives the solution.
    /// </summary>
    /// <exception cref="ArgumentException">Lengths disagree or a column lies outside F.</exception>
    /// <exception cref="NotPositiveDefiniteException">The Cholesky solver met a singular system.</exception>
    public static void SolveRow(ReadOnlySpan<int> columns, ReadOnlySpan<float> plays, FactorMatrix fixedFactors, double[] gram,
        AlsOptions options, Span<float> row)
    {
        ArgumentNullException.ThrowIfNull(fixedFactors);
        ArgumentNullException.ThrowIfNull(gram);
        ArgumentNullException.ThrowIfNull(options);
        if (columns.Length != plays.Length)
            throw new ArgumentException($"{columns.Length} columns but {plays.Length} play counts.", nameof(plays));
        var block = new CsrMatrix(1, fixedFactors.Rows, [0, columns.Length], columns.ToArray(), plays.ToArray()) { RowSide = FactorSide.Users };
        var factors = new FactorMatrix(1, fixedFactors.Factors, row.ToArray());
        Solve(block, fixedFactors, gram, options, factors);
        factors.Values.CopyTo(row);
    }

    /// <summary>
    /// Checks a solved block for NaN and ±∞ (one vectorised pass), so an overflowing run stops at the block that
    /// overflowed instead of saving a garbage model. Call it after <see cref="Solve"/> on the block's rows.
    /// </summary>
    /// <param name="rowFactors">The solved rows.</param>
    /// <param name="block">How the error names the block, e.g. "users block 3 of iteration 2".</param>
    /// <param name="options">The run's options, quoted in the message (α, ε, λ).</param>
    /// <exception cref="NonFiniteFactorsException">A value is not finite; names the block, its first bad row and the options to change.</exception>
    public static void EnsureFinite(FactorMatrix rowFactors, string block, AlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(rowFactors);
        ArgumentNullException.ThrowIfNull(options);
        ReadOnlySpan<float> values = rowFactors.Values;
        // One scan, O(rows·k), next to the O(rows·k²) solve: cheap enough for every block of every half-step.
        if (AllFinite(values)) return;
        int bad = 0;
        while (float.IsFinite(values[bad])) bad++;
        throw new NonFiniteFactorsException(block, bad / rowFactors.Factors, values[bad], options);
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        // x − x is 0 for a finite x and NaN for NaN and ±∞: one compare per vector finds either.
        int i = 0;
        if (WideVectors.IsAccelerated)
        {
            ref float first = ref MemoryMarshal.GetReference(values);
            for (; i <= values.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                Vector512<float> v = Vector512.LoadUnsafe(ref first, (nuint)i);
                if (!Vector512.EqualsAll(v - v, Vector512<float>.Zero)) return false;
            }
        }
        for (; i < values.Length; i++)
            if (!float.IsFinite(values[i])) return false;
        return true;
    }

    private static void CheckShapes(CsrMatrix block, FactorMatrix fixedFactors, double[] gram, AlsOptions options, FactorMatrix rowFactors,
        (int Smallest, int Largest)? knownColumnRange)
    {
        int k = fixedFactors.Factors;
        if (options.Factors != k)
            throw new ArgumentException($"Options say {options.Factors} factors but the fixed factors have {k}.", nameof(options));
        if (rowFactors.Factors != k)
            throw new ArgumentException($"Row factors have {rowFactors.Factors} factors, the fixed factors {k}.", nameof(rowFactors));
        if (rowFactors.Rows != block.Rows)
            throw new ArgumentException($"The block has {block.Rows} rows but {rowFactors.Rows} factor rows were given.", nameof(rowFactors));
        if (block.Columns != fixedFactors.Rows)
            throw new ArgumentException($"The block has {block.Columns} columns but the fixed side has {fixedFactors.Rows} rows.", nameof(block));
        if (gram.Length != k * k)
            throw new ArgumentException($"The Gram matrix has {gram.Length} entries; k = {k} needs {k * k}.", nameof(gram));
        // The wide kernels read rows of F without bounds checks: every column index must be checked once here (or its range,
        // found when the block's confidences were computed).
        if ((knownColumnRange ?? block.ColumnRange()) is (int smallest, int largest) && (smallest < 0 || largest >= fixedFactors.Rows))
        {
            ReadOnlySpan<int> columns = block.ColumnIndices.AsSpan(0, block.NonZeros);
            int bad = columns.IndexOfAnyExceptInRange(0, fixedFactors.Rows - 1);
            throw new ArgumentException(
                $"Entry {bad} of the block has column {columns[bad]}, outside the fixed side's {fixedFactors.Rows} rows.", nameof(block));
        }
    }

    private static double[] RegularizedDouble(double[] gram, int k, double lambda)
    {
        var result = (double[])gram.Clone();
        for (int d = 0; d < k; d++) result[d * k + d] += lambda;
        return result;
    }

    private static int MaxRowLength(CsrMatrix block)
    {
        int longest = 0;
        for (int row = 0; row < block.Rows; row++) longest = Math.Max(longest, block.RowLength(row));
        return longest;
    }

    private static void SolveRow(Problem problem, int row, Span<float> x, RowScratch scratch)
    {
        CsrMatrix block = problem.Block;
        ReadOnlySpan<int> columns = block.RowColumns(row);
        ReadOnlySpan<float> confidence;
        if (problem.Confidences is { } computed)
            confidence = computed.Row(row);
        else
        {
            Span<float> computing = scratch.Confidence.AsSpan(0, columns.Length);
            Confidence.ComputeRow(block, row, problem.Options, computing);
            confidence = computing;
        }
        Span<float> scores = scratch.Scores.AsSpan(0, columns.Length);
        if (problem.Options.Solver == AlsSolver.ConjugateGradient)
            ConjugateGradient(problem, columns, confidence, x, scratch);
        else
        {
            CholeskySolve(problem, row, columns, confidence, x, scratch);
            if (problem.RowLoss is not null)
                FactorKernels.GatherWeights<DotWeight>(problem.Fixed.Values, x.Length, columns, x, [], [], scores, problem.Wide);
        }
        if (problem.RowLoss is { } rowLoss)
        {
            (double correction, double confidenceSum) = ImplicitLoss.RowTerms(confidence, scores);
            rowLoss[2 * row] = correction;
            rowLoss[2 * row + 1] = confidenceSum;
        }
    }

    /// <summary>
    /// s steps of conjugate gradient on Aᵤx = bᵤ from the current x: r = b − Ax, p = r, then per step
    /// α = rᵀr / pᵀAp, x += αp, r −= αAp, p = r + (r'ᵀr' / rᵀr)p. Each step needs one A·p, computed as
    /// (FᵀF + λI)p + ∑ⱼ (cⱼ − 1)(fⱼ·p)fⱼ.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void ConjugateGradient(Problem problem, ReadOnlySpan<int> columns, ReadOnlySpan<float> confidence,
        Span<float> x, RowScratch scratch)
    {
        int k = x.Length, count = columns.Length;
        bool wide = problem.Wide;
        ReadOnlySpan<float> factors = problem.Fixed.Values, gram = problem.Gram;
        Span<float> residual = scratch.Residual, direction = scratch.Direction, product = scratch.Product;
        Span<float> confidenceMinusOne = scratch.ConfidenceMinusOne.AsSpan(0, count), weights = scratch.Weights.AsSpan(0, count);
        Span<float> dots = scratch.Dots.AsSpan(0, count), scores = scratch.Scores.AsSpan(0, count);
        bool trackScores = problem.RowLoss is not null;
        TensorPrimitives.Subtract(confidence, 1f, confidenceMinusOne);

        // r = b − Ax = −(FᵀF + λI)x + ∑ⱼ [cⱼ − (cⱼ − 1)(fⱼ·x)] fⱼ
        FactorKernels.SymmetricMultiply(gram, k, x, residual, wide);
        TensorPrimitives.Negate(residual, residual);
        FactorKernels.GatherAddWeightedRows<ResidualWeight>(factors, k, columns, x, confidence, confidenceMinusOne, dots, weights, residual, wide);
        if (trackScores) dots.CopyTo(scores);            // sⱼ = fⱼ·x, kept equal to fⱼ·x as x moves

        residual.CopyTo(direction);
        float residualNorm = FactorKernels.Dot(residual, residual, wide);
        if (!float.IsFinite(residualNorm))
        {
            x.Fill(float.NaN);   // the system overflowed float32: poison the row so EnsureFinite names it, never keep the warm start silently
            scores.Fill(float.NaN);
            return;
        }
        if (residualNorm < ResidualFloor) return;

        for (int step = 0; step < problem.Options.CgSteps; step++)
        {
            // A·p = (FᵀF + λI)p + ∑ⱼ (cⱼ − 1)(fⱼ·p) fⱼ
            FactorKernels.SymmetricMultiply(gram, k, direction, product, wide);
            FactorKernels.GatherAddWeightedRows<ProductWeight>(factors, k, columns, direction, confidence, confidenceMinusOne, dots, weights, product, wide);

            float curvature = FactorKernels.Dot(direction, product, wide);
            if (!float.IsFinite(curvature))
            {
                x.Fill(float.NaN);   // as above: an overflowed A·p must fail the block, not end the solve early
                scores.Fill(float.NaN);
                return;
            }
            if (!(curvature > 0)) return;                     // p ≈ 0 or rounding made pᵀAp non-positive: x is as good as it gets
            float stepSize = residualNorm / curvature;
            FactorKernels.MultiplyAdd(direction, stepSize, x, x, wide);
            if (trackScores) TensorPrimitives.MultiplyAdd(dots, stepSize, scores, scores);   // fⱼ·(x + αp) = sⱼ + α·fⱼ·p
            FactorKernels.MultiplyAdd(product, -stepSize, residual, residual, wide);
            float nextNorm = FactorKernels.Dot(residual, residual, wide);
            if (nextNorm < ResidualFloor) return;
            FactorKernels.MultiplyAdd(direction, nextNorm / residualNorm, residual, direction, wide);
            residualNorm = nextNorm;
        }
    }

    /// <summary>
    /// Exact solve in double precision: Aᵤ = (FᵀF + λI) + ∑ⱼ (cⱼ − 1)fⱼfⱼᵀ (lower triangle), bᵤ = ∑ⱼ cⱼfⱼ,
    /// then Aᵤ = LLᵀ (Cholesky), Lz = b, Lᵀx = z.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // hot loop: fully optimised from the first call
    private static void CholeskySolve(Problem problem, int row, ReadOnlySpan<int> columns, ReadOnlySpan<float> confidence,
        Span<float> x, RowScratch scratch)
    {
        int k = x.Length;
        Span<double> system = scratch.System, rightSide = scratch.RightSide, factor = scratch.FactorRow;
        problem.GramDouble.CopyTo(system);
        rightSide.Clear();
        ReadOnlySpan<float> factors = problem.Fixed.Values;
        for (int j = 0; j < columns.Length; j++)
        {
            ReadOnlySpan<float> f = factors.Slice(columns[j] * k, k);
            for (int d = 0; d < k; d++) factor[d] = f[d];
            double c = confidence[j], weight = c - 1;
            TensorPrimitives.MultiplyAdd(factor, c, rightSide, rightSide);
            for (int r = 0; r < k; r++)
            {
                Span<double> lower = system.Slice(r * k, r + 1);
                TensorPrimitives.MultiplyAdd(factor[..(r + 1)], weight * factor[r], lower, lower);
            }
        }
        CholeskyFactor(system, k, row);
        CholeskySubstitute(system, k, rightSide);
        for (int d = 0; d < k; d++) x[d] = (float)rightSide[d];
    }

    /// <summary>
    /// Solves LLᵀx = b in place given the factor L of <see cref="CholeskyFactor"/>: Lz = b (forward), then Lᵀx = z
    /// (backward); z overwrites b, x overwrites z.
    /// </summary>
    internal static void CholeskySubstitute(ReadOnlySpan<double> factor, int k, Span<double> rightSide)
    {
        for (int i = 0; i < k; i++)
            rightSide[i] = (rightSide[i] - TensorPrimitives.Dot(factor.Slice(i * k, i), rightSide[..i])) / factor[i * k + i];
        for (int i = k - 1; i >= 0; i--)
        {
            double sum = rightSide[i];
            for (int j = i + 1; j < k; j++) sum -= factor[j * k + i] * rightSide[j];
            rightSide[i] = sum / factor[i * k + i];
        }
    }

    /// <summary>In-place Cholesky factorisation A = LLᵀ of the lower triangle of a row-major k × k matrix.</summary>
    /// <exception cref="NotPositiveDefiniteException">A pivot is not positive.</exception>
    internal static void CholeskyFactor(Span<double> a, int k, int row)
    {
        for (int j = 0; j < k; j++)
        {
            ReadOnlySpan<double> rowJ = a.Slice(j * k, j);
            double pivot = a[j * k + j] - TensorPrimitives.Dot(rowJ, rowJ);
            if (!(pivot > 0)) throw new NotPositiveDefiniteException(row, j, pivot);
            double diagonal = Math.Sqrt(pivot);
            a[j * k + j] = diagonal;
            for (int i = j + 1; i < k; i++)
                a[i * k + j] = (a[i * k + j] - TensorPrimitives.Dot(a.Slice(i * k, j), rowJ)) / diagonal;
        }
    }

    /// <summary>What every row of one half-step shares.</summary>
    private sealed class Problem(CsrMatrix block, FactorMatrix fixedFactors, AlsOptions options, ArraySegment<float> gram, double[]? gramDouble,
        double[]? rowLoss, BlockConfidences? confidences)
    {
        /// <summary>The block's confidences computed beforehand, or null to compute each row's as it is solved.</summary>
        public BlockConfidences? Confidences { get; } = confidences;

        public CsrMatrix Block { get; } = block;
        public FactorMatrix Fixed { get; } = fixedFactors;
        public AlsOptions Options { get; } = options;
        public ArraySegment<float> Gram { get; } = gram;
        public double[] GramDouble { get; } = gramDouble ?? [];
        public bool Wide { get; } = !options.PortableKernels && FactorKernels.UseWide(fixedFactors.Factors);

        /// <summary>Per row, its loss correction and confidence sum (2 per row), when the caller asked for the loss.</summary>
        public double[]? RowLoss { get; } = rowLoss;

        /// <summary>The rows' loss terms summed in row order (zero terms when not asked for).</summary>
        public ObservedLossTerms LossTerms()
        {
            if (RowLoss is null) return default;
            double correction = 0, confidenceSum = 0;
            for (int row = 0; row < Block.Rows; row++)
            {
                correction += RowLoss[2 * row];
                confidenceSum += RowLoss[2 * row + 1];
            }
            return new ObservedLossTerms(correction, confidenceSum, Block.NonZeros);
        }
    }

    /// <summary>
    /// Per-thread buffers, never allocated per row: a thread keeps its last one for its next solve, so a node solving
    /// block after block does not allocate and zero them again for every block.
    /// </summary>
    private sealed class RowScratch(int k, int maxRowLength)
    {
        [ThreadStatic] private static RowScratch? t_kept;

        /// <summary>The thread's kept buffers when they fit k and rows of up to <paramref name="rowLength"/> entries, else new ones.</summary>
        public static RowScratch Rent(int k, int rowLength)
        {
            RowScratch? kept = t_kept;
            if (kept is not null && kept.K == k && kept.Capacity >= rowLength)
            {
                t_kept = null;
                return kept;
            }
            return new RowScratch(k, rowLength);
        }

        /// <summary>Keeps <paramref name="scratch"/> for the thread's next solve (the larger, if it holds one already).</summary>
        public static void Return(RowScratch scratch)
        {
            if (t_kept is null || t_kept.Capacity < scratch.Capacity || t_kept.K != scratch.K) t_kept = scratch;
        }

        public int K { get; } = k;
        public int Capacity { get; } = maxRowLength;
        /// <summary>The CG vectors r, p and A·p, loaded whole at every step: one aligned buffer, each on a 64-byte boundary.</summary>
        private readonly ArraySegment<float> _vectors = Memory.AlignedFloats.Allocate(3 * AlignedLength(k));

        public Span<float> Residual => _vectors.AsSpan(0, K);
        public Span<float> Direction => _vectors.AsSpan(AlignedLength(K), K);
        public Span<float> Product => _vectors.AsSpan(2 * AlignedLength(K), K);
        public float[] Confidence { get; } = new float[maxRowLength];
        public float[] ConfidenceMinusOne { get; } = new float[maxRowLength];
        public float[] Weights { get; } = new float[maxRowLength];
        public float[] Dots { get; } = new float[maxRowLength];
        public float[] Scores { get; } = new float[maxRowLength];
        public double[] System { get; } = new double[k * k];
        public double[] RightSide { get; } = new double[k];
        public double[] FactorRow { get; } = new double[k];

        /// <summary>k rounded up to whole 64-byte lines of floats.</summary>
        private static int AlignedLength(int k) => (k + 15) & ~15;
    }
}
