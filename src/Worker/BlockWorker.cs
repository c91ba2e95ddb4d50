using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Data.Datasets;
using Data.Store;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;
using Linalg.Training;

namespace Worker;

/// <summary>
/// The work of a node's block actors, apart from messaging: solve one factor block for one half-step, or evaluate one
/// user block, with the rating rows the block's entity keeps and what else it needs from the factor store. One per
/// node, shared by its entities: thread-safe, with one cache of the fixed side, a bound on blocks in flight and one
/// pool of the node's solver threads that every block in flight computes on.
/// </summary>
/// <remarks>
/// Solving block b of side S at iteration t: the fixed side F is the other side as committed at t − 1 (users) or t
/// (items), with its Gram matrix FᵀF from that commit; the warm start is block b at t − 1. The result is written to
/// the store before the caller answers, with its partial Gram matrix for the coordinator's sum. The rating rows are the
/// entity's (loaded once with <see cref="LoadRatings"/>, kept while it lives); the fixed side of the newest iteration is
/// read once per half-step per node, not once per block. Up to <c>blocksInFlight</c> blocks run at once, and their rows
/// are solved on one scheduler limited to <c>--threads</c> threads: a block's tail (a few long rows on one thread)
/// overlaps the next block's rows instead of leaving a core idle, the last block of a half-step still has every core,
/// and the write of one block overlaps the solve of the next. Rows are independent, so the result does not depend on
/// how the blocks interleave.
/// </remarks>
public sealed class BlockWorker : IDisposable
{
    private readonly FactorStore _store;
    private readonly int _threads;
    private readonly ConcurrentDictionary<string, PreparedDataset> _datasets = new();
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentExclusiveSchedulerPair _solvers;
    private int _ratingLoads;
    private readonly ConcurrentDictionary<(Guid Run, int Iteration, FactorSide Side), Lazy<FactorMatrix>> _sides = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration), Lazy<ItemScorer>> _scorers = new();
    private readonly ConcurrentDictionary<(Guid Run, FactorSide Side), FactorMatrix> _spareSides = new();
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CsrMatrix, BlockConfidences> _confidences = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration, FactorSide Side), Lazy<SideInProgress>> _sidesInProgress = new();

    /// <summary>
    /// The block work of a node reading and writing <paramref name="store"/>: up to <paramref name="blocksInFlight"/>
    /// blocks at once, their rows solved on <paramref name="threads"/> threads shared by all of them.
    /// </summary>
    public BlockWorker(FactorStore store, int threads, int blocksInFlight = 2)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        BlocksInFlight = Math.Max(1, blocksInFlight);
        _threads = Math.Max(1, threads);
        _slots = new SemaphoreSlim(BlocksInFlight, BlocksInFlight);
        _solvers = new ConcurrentExclusiveSchedulerPair(TaskScheduler.Default, _threads);
    }

    /// <summary>
    /// Pool threads this worker wants ready: each block in flight holds a pool thread while its rows are solved on others,
    /// so the process hosting it (the node host) keeps at least this many ready, and the fan-out never waits for the pool
    /// to grow (it adds about two a second). The worker itself leaves the process's pool alone.
    /// </summary>
    public int PoolThreadsWanted => _threads + BlocksInFlight + MinSpareThreads;

    /// <summary>Pool threads kept ready beyond the solver's, for the actor system and the store's background flushes.</summary>
    private const int MinSpareThreads = 4;

    /// <summary>The store.</summary>
    public FactorStore Store => _store;

    /// <summary>Blocks in flight at once on this node (their solves sharing its threads).</summary>
    public int BlocksInFlight { get; }

    /// <summary>The node's solver threads, shared by its blocks in flight.</summary>
    public int Threads => _threads;

    /// <summary>The scheduler every block's rows are solved on: at most <see cref="Threads"/> at once, whatever the blocks in flight.</summary>
    internal TaskScheduler Solvers => _solvers.ConcurrentScheduler;

    /// <summary>Blocks solved or evaluated and answered on this node.</summary>
    public int FinishedBlocks => Volatile.Read(ref _finishedBlocks);

    private int _finishedBlocks;

    /// <summary>Counts a finished block.</summary>
    internal void CountFinished() => Interlocked.Increment(ref _finishedBlocks);

    /// <summary>Rating blocks loaded from the dataset so far (each entity loads its own once).</summary>
    public int RatingLoads => Volatile.Read(ref _ratingLoads);

    /// <summary>Runs <paramref name="work"/> when one of the node's block slots is free.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(work, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>
    /// One block of the run's dataset: <see cref="RatingKind.Users"/> and <see cref="RatingKind.Items"/> are training rows
    /// by user or item block, <see cref="RatingKind.Test"/> the held-out rows of a user block.
    /// </summary>
    /// <exception cref="InvalidDataException">The dataset's file is missing or damaged (named), or the dataset was prepared again since the run was planned.</exception>
    public CsrMatrix LoadRatings(Guid run, RatingKind kind, int block)
    {
        RunPlan plan = _store.ReadPlan(run);
        // A dataset prepared again in place (same folder, other rows) must not feed a run planned on the old one.
        string manifest = PreparedDataset.ManifestCrc32(plan.Dataset);
        if (plan.DatasetManifestCrc32 is { } planned && planned != manifest)
            throw new InvalidDataException($"The dataset {plan.Dataset} was prepared again after run {run:N} was planned on it (manifest CRC-32 {manifest}, the run's {planned}): " +
                "its blocks no longer belong to this run. Restore the dataset the run was planned on, or train a new run on this one.");
        PreparedDataset dataset = _datasets.GetOrAdd(plan.Dataset + "|" + manifest, _ => PreparedDataset.Open(plan.Dataset));
        if (kind == RatingKind.Test && !HasEvalUsers(plan, plan.UserBlocks[block]))
            return new CsrMatrix(plan.UserBlocks[block].Count, plan.Items, new int[plan.UserBlocks[block].Count + 1], [], []);   // nothing to evaluate: the test split is not read
        CsrMatrix rows = kind switch
        {
            RatingKind.Users => dataset.LoadUserBlock(block),
            RatingKind.Items => dataset.LoadItemBlock(block),
            _ => dataset.LoadTestBlock(block),
        };
        Interlocked.Increment(ref _ratingLoads);
        // The run's validation rows are never trained on: both sides' blocks leave them out.
        if (plan.Validation is not null && kind != RatingKind.Test)
            rows = kind == RatingKind.Users
                ? rows.Except(_store.ReadValidation(run), plan.UserBlocks[block].First)
                : rows.Except(_store.ReadValidation(run).Transpose(), plan.ItemBlocks[block].First);
        return rows;
    }

    /// <summary>Whether the plan's test sample has a user in <paramref name="range"/>.</summary>
    private static bool HasEvalUsers(RunPlan plan, BlockRange range) =>
        FirstAtLeast(plan.EvalUsers, range.First) < FirstAtLeast(plan.EvalUsers, range.First + range.Count);

    /// <summary>Solves block <paramref name="block"/> of <paramref name="side"/> at <paramref name="iteration"/> with its <paramref name="ratings"/> and writes it.</summary>
    /// <exception cref="InvalidDataException">The store is missing something or damaged (named).</exception>
    public SolveResult Solve(Guid run, int iteration, FactorSide side, int block, CsrMatrix ratings)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        RunPlan plan = _store.ReadPlan(run);
        AlsOptions options = plan.Options with { Threads = _threads };
        FactorSide fixedSide = side == FactorSide.Users ? FactorSide.Items : FactorSide.Users;
        int fixedIteration = side == FactorSide.Users ? iteration - 1 : iteration;
        HalfStepCommit commit = _store.ReadCommit(run, fixedIteration, fixedSide)
            ?? throw new InvalidDataException($"Run {run:N}: the {fixedSide} half-step of iteration {fixedIteration} is not committed; cannot solve {side} block {block} of iteration {iteration}.");
        FactorMatrix fixedFactors = Side(run, fixedIteration, fixedSide, plan);
        BlockRange range = plan.Blocks(side)[block];
        FactorMatrix rows = _store.TakeBlock(run, iteration - 1, side, range, options.Factors);   // the warm start, solved in place
        // The item half-step ends the iteration: its CG state gives the loss's observed terms at no extra pass. The rows
        // run on the node's shared solver threads; this thread only waits.
        ObservedLossTerms loss = HalfStep.Solve(ratings, fixedFactors, commit.Gram, options, rows, observedLoss: side == FactorSide.Items,
            confidences: Confidences(ratings, options), scheduler: Solvers);
        double[] gram = GramMatrix.Compute(rows, threads: 1);   // a few ms on one thread, beside the next block's solve
        HalfStep.EnsureFinite(rows, FormattableString.Invariant($"{side} block {block} of iteration {iteration}"), options);   // a NaN block fails the run, never a garbage model
        string crc = _store.WriteBlock(run, iteration, side, range, rows);
        Prefill(run, iteration, side, plan, range, rows);
        return new SolveResult(gram, crc, loss);
    }

    /// <summary>
    /// The confidences of an entity's rating rows, computed on its first solve and kept as long as the rows are (the
    /// entity keeps them across iterations); computed again only if the run's confidence settings differ.
    /// </summary>
    private BlockConfidences Confidences(CsrMatrix ratings, AlsOptions options)
    {
        if (_confidences.TryGetValue(ratings, out BlockConfidences? kept) && kept.Serves(ratings, options)) return kept;
        BlockConfidences computed = BlockConfidences.Compute(ratings, options, options.Threads);
        _confidences.AddOrUpdate(ratings, computed);
        return computed;
    }

    /// <summary>
    /// The loss terms and ranking metrics of user block <paramref name="block"/> after <paramref name="iteration"/>, from
    /// its <paramref name="train"/> rows (those trained on) and <paramref name="test"/> rows; with a validation set, also
    /// the metrics @10 of the block's validation users against their validation rows.
    /// </summary>
    /// <remarks>Test users' recommendations leave out every training artist, validation rows included (as <c>als evaluate</c>
    /// does for the finished model); validation users' leave out the rows trained on, as <c>tune</c> scores a trial. The
    /// validation metrics never touch <paramref name="test"/>.</remarks>
    public EvaluationResult Evaluate(Guid run, int iteration, int block, CsrMatrix train, CsrMatrix test)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(test);
        RunPlan plan = _store.ReadPlan(run);
        AlsOptions options = plan.Options with { Threads = _threads };
        BlockRange range = plan.UserBlocks[block];
        FactorMatrix users = _store.ReadBlock(run, iteration, FactorSide.Users, range, options.Factors);
        FactorMatrix items = Side(run, iteration, FactorSide.Items, plan);
        // The plan's sample is ascending: this block's users are one slice of it (none with --eval-users none).
        int start = FirstAtLeast(plan.EvalUsers, range.First), end = FirstAtLeast(plan.EvalUsers, range.First + range.Count);
        CsrMatrix? validation = plan.Validation is null ? null : _store.ReadValidation(run);
        var metrics = new MetricsAccumulator(plan.Cutoff, plan.Items);
        if (end > start)
        {
            var local = new int[end - start];
            for (int i = 0; i < local.Length; i++) local[i] = plan.EvalUsers[start + i] - range.First;
            CsrMatrix seen = validation is null ? train : WithValidationRows(train, validation, range.First, local);
            TopKResult top = TopK.Recommend(users, local, Scorer(run, iteration, items), seen, plan.Cutoff, _threads);
            for (int i = 0; i < local.Length; i++) metrics.Add(top.ItemsOf(i), test.RowColumns(local[i]));
        }
        MetricsState? validationMetrics = null;
        if (validation is not null)
        {
            var scores = new MetricsAccumulator(ValidationOptions.Cutoff, plan.Items);
            int[] local = [.. Enumerable.Range(0, range.Count).Where(row => validation.RowLength(range.First + row) > 0)];
            if (local.Length > 0)
            {
                TopKResult top = TopK.Recommend(users, local, Scorer(run, iteration, items), train, ValidationOptions.Cutoff, _threads);
                for (int i = 0; i < local.Length; i++) scores.Add(top.ItemsOf(i), validation.RowColumns(range.First + local[i]));
            }
            validationMetrics = scores.ToState();
        }
        return new EvaluationResult(metrics.ToState(), validationMetrics);
    }

    /// <summary>
    /// The item scorer of one iteration, built once per node with all its threads, in the buffers of the run's scorer of an
    /// older iteration, which leaves the cache then (as <see cref="Side"/> reuses an older side: an iteration only
    /// evaluates with the newest), so a node holds one scorer per run and allocates none in steady-state training.
    /// </summary>
    private ItemScorer Scorer(Guid run, int iteration, FactorMatrix items)
    {
        Lazy<ItemScorer> lazy = _scorers.GetOrAdd((run, iteration), _ => new Lazy<ItemScorer>(() =>
        {
            ItemScorer? older = null;
            foreach (var key in _scorers.Keys.Where(key => key.Run == run && key.Iteration < iteration))
                if (_scorers.TryRemove(key, out Lazy<ItemScorer>? old) && old.IsValueCreated) older ??= old.Value;
            return new ItemScorer(items, _threads, older);
        }));
        return ValueOrForget(_scorers, (run, iteration), lazy);
    }

    /// <summary>
    /// Every training artist of the block's <paramref name="local"/> rows (ascending): the rows trained on merged with
    /// their validation rows (rows <paramref name="first"/> + r of <paramref name="validation"/>); other rows empty.
    /// Only the sampled users are built, so this costs their rows, not the block's.
    /// </summary>
    private static CsrMatrix WithValidationRows(CsrMatrix trained, CsrMatrix validation, int first, int[] local)
    {
        var pointers = new int[trained.Rows + 1];
        foreach (int row in local) pointers[row + 1] = trained.RowLength(row) + validation.RowLength(first + row);
        for (int row = 0; row < trained.Rows; row++) pointers[row + 1] += pointers[row];
        var columns = new int[pointers[^1]];
        foreach (int row in local)
        {
            ReadOnlySpan<int> a = trained.RowColumns(row), b = validation.RowColumns(first + row);
            int i = 0, j = 0, write = pointers[row];
            while (i < a.Length || j < b.Length)                 // the two are disjoint: validation rows were taken out of training
                columns[write++] = j >= b.Length || (i < a.Length && a[i] < b[j]) ? a[i++] : b[j++];
        }
        var values = new float[columns.Length];
        Array.Fill(values, 1f);
        return new CsrMatrix(trained.Rows, trained.Columns, pointers, columns, values);
    }

    /// <summary>The index of the first entry of the ascending <paramref name="values"/> that is at least <paramref name="value"/>.</summary>
    private static int FirstAtLeast(int[] values, int value)
    {
        int index = Array.BinarySearch(values, value);
        return index < 0 ? ~index : index;
    }

    /// <summary>
    /// One side at one iteration, assembled once per process; the matrix of an older iteration is reused for it (an
    /// iteration only ever needs the newest one), so steady-state training allocates nothing here. The blocks this node
    /// solved are already in it (<see cref="Prefill"/>); only the others are read, from their files.
    /// </summary>
    private FactorMatrix Side(Guid run, int iteration, FactorSide side, RunPlan plan)
    {
        Lazy<FactorMatrix> lazy = _sides.GetOrAdd((run, iteration, side), key => new Lazy<FactorMatrix>(() =>
        {
            IReadOnlyList<BlockRange> blocks = plan.Blocks(side);
            SideInProgress? filled = _sidesInProgress.TryRemove(key, out Lazy<SideInProgress>? progress) ? progress.Value : null;
            FactorMatrix target = filled?.Matrix ?? SpareSide(run, side, plan);
            try
            {
                // On the node's threads, no more: a read is bound by memory, and each one in flight holds a file-sized buffer.
                Parallel.ForEach(blocks.Where(block => filled is null || !filled.Has(block.Block)), new ParallelOptions { MaxDegreeOfParallelism = _threads },
                    block => _store.ReadBlockInto(run, iteration, side, block, target));   // other nodes' blocks are not kept twice
            }
            catch (AggregateException error)
            {
                ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();   // the file's own error (named), not a wrapper
            }
            return target;
        }));
        FactorMatrix matrix = ValueOrForget(_sides, (run, iteration, side), lazy);
        foreach (var key in _sides.Keys.Where(key => key.Run == run && key.Side == side && key.Iteration < iteration))
            if (_sides.TryRemove(key, out Lazy<FactorMatrix>? old) && old.IsValueCreated) _spareSides[(run, side)] = old.Value;
        foreach (var key in _sidesInProgress.Keys.Where(key => key.Run == run && key.Side == side && key.Iteration < iteration))
            _sidesInProgress.TryRemove(key, out _);                          // a late duplicate's: never read
        return matrix;
    }

    /// <summary>A matrix for a whole side: one an older iteration let go, or a new one.</summary>
    private FactorMatrix SpareSide(Guid run, FactorSide side, RunPlan plan) =>
        _spareSides.TryRemove((run, side), out FactorMatrix? spare) ? spare
            : new FactorMatrix(plan.Blocks(side).Sum(block => block.Count), plan.Options.Factors);

    /// <summary>
    /// Copies a block this node has just solved (and written) into the matrix that <see cref="Side"/> will give for its
    /// side and iteration: while other blocks still solve, instead of in one copy at the start of the next half-step with
    /// every core waiting for it. A side already assembled is left alone.
    /// </summary>
    private void Prefill(Guid run, int iteration, FactorSide side, RunPlan plan, BlockRange range, FactorMatrix rows)
    {
        var key = (run, iteration, side);
        if (_sides.ContainsKey(key)) return;
        SideInProgress filling = _sidesInProgress.GetOrAdd(key, _ => new Lazy<SideInProgress>(() =>
            new SideInProgress(SpareSide(run, side, plan), plan.Blocks(side).Count))).Value;
        rows.RowRange(0, range.Count).CopyTo(filling.Matrix.RowRange(range.First, range.Count));
        filling.Fill(range.Block);
    }

    /// <summary>A side being filled block by block as this node solves them.</summary>
    private sealed class SideInProgress(FactorMatrix matrix, int blocks)
    {
        private readonly int[] _filled = new int[blocks];

        /// <summary>The side's matrix.</summary>
        public FactorMatrix Matrix { get; } = matrix;

        /// <summary>Marks block <paramref name="block"/> as copied in (after its rows are).</summary>
        public void Fill(int block) => Volatile.Write(ref _filled[block], 1);

        /// <summary>Whether block <paramref name="block"/> is in.</summary>
        public bool Has(int block) => Volatile.Read(ref _filled[block]) == 1;
    }

    /// <summary>The cached value; a failed load is dropped from the cache, so a repaired file is read again next time.</summary>
    private static T ValueOrForget<TKey, T>(ConcurrentDictionary<TKey, Lazy<T>> cache, TKey key, Lazy<T> lazy) where TKey : notnull
    {
        try
        {
            return lazy.Value;
        }
        catch
        {
            cache.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _slots.Dispose();
        _solvers.Complete();
    }
}
