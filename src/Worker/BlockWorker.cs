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
/// The work of a worker, apart from messaging: solve one factor block for one half-step, or evaluate one user
/// block, reading what it needs from the dataset and the factor store. Thread-safe: several blocks may run at
/// once in one process, sharing the caches.
/// </summary>
/// <remarks>
/// Solving block b of side S at iteration t: the fixed side F is the other side as committed at t − 1 (users) or t
/// (items), with its Gram matrix FᵀF from that commit; the warm start is block b at t − 1. The result is written to
/// the store before the caller answers, with its partial Gram matrix for the coordinator's sum. Caches: the
/// dataset's block matrices (loaded once per process), and the fixed side of the newest iteration (read once per
/// half-step per process, not once per block).
/// </remarks>
public sealed class BlockWorker
{
    private readonly FactorStore _store;
    private readonly int _threads;
    private readonly ConcurrentDictionary<string, PreparedDataset> _datasets = new();
    private readonly ConcurrentDictionary<(Guid Run, string Kind, int Block), Lazy<CsrMatrix>> _blocks = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration, FactorSide Side), Lazy<FactorMatrix>> _sides = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration), Lazy<ItemScorer>> _scorers = new();
    private readonly ConcurrentDictionary<(Guid Run, FactorSide Side), FactorMatrix> _spareSides = new();

    /// <summary>A worker reading and writing <paramref name="store"/>, solving with <paramref name="threads"/> threads.</summary>
    public BlockWorker(FactorStore store, int threads)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _threads = Math.Max(1, threads);
    }

    /// <summary>Solves block <paramref name="block"/> of <paramref name="side"/> at <paramref name="iteration"/> and writes it.</summary>
    /// <exception cref="InvalidDataException">The store or dataset is missing something or damaged (named).</exception>
    public SolveResult Solve(Guid run, int iteration, FactorSide side, int block)
    {
        RunPlan plan = _store.ReadPlan(run);
        AlsOptions options = plan.Options with { Threads = _threads };
        FactorSide fixedSide = side == FactorSide.Users ? FactorSide.Items : FactorSide.Users;
        int fixedIteration = side == FactorSide.Users ? iteration - 1 : iteration;
        HalfStepCommit commit = _store.ReadCommit(run, fixedIteration, fixedSide)
            ?? throw new InvalidDataException($"Run {run:N}: the {fixedSide} half-step of iteration {fixedIteration} is not committed; cannot solve {side} block {block} of iteration {iteration}.");
        FactorMatrix fixedFactors = Side(run, fixedIteration, fixedSide, plan);
        BlockRange range = (side == FactorSide.Users ? plan.UserBlocks : plan.ItemBlocks)[block];
        CsrMatrix ratings = Ratings(run, side == FactorSide.Users ? "users" : "items", block, plan);
        FactorMatrix rows = _store.Rent(run, side, range, options.Factors);        // reused from an older iteration when possible
        _store.ReadBlock(run, iteration - 1, side, range, options.Factors).Values.CopyTo(rows.Values);   // the warm start; the cached block stays as it was
        HalfStep.Solve(ratings, fixedFactors, commit.Gram, options, rows);
        double[] gram = GramMatrix.Compute(rows, _threads);
        string crc = _store.WriteBlock(run, iteration, side, range, rows);
        return new SolveResult(gram, crc);
    }

    /// <summary>The loss terms and ranking metrics of user block <paramref name="block"/> after <paramref name="iteration"/>.</summary>
    public EvaluationResult Evaluate(Guid run, int iteration, int block)
    {
        RunPlan plan = _store.ReadPlan(run);
        AlsOptions options = plan.Options with { Threads = _threads };
        BlockRange range = plan.UserBlocks[block];
        FactorMatrix users = _store.ReadBlock(run, iteration, FactorSide.Users, range, options.Factors);
        FactorMatrix items = Side(run, iteration, FactorSide.Items, plan);
        CsrMatrix train = Ratings(run, "users", block, plan), test = Ratings(run, "test", block, plan);
        ObservedLossTerms loss = ImplicitLoss.Observed(train, users, items, options);

        int start = Array.BinarySearch(plan.EvalUsers, range.First);
        start = start < 0 ? ~start : start;
        var local = new List<int>();
        for (int i = start; i < plan.EvalUsers.Length && plan.EvalUsers[i] < range.First + range.Count; i++) local.Add(plan.EvalUsers[i] - range.First);
        var metrics = new MetricsAccumulator(plan.Cutoff, plan.Items);
        if (local.Count > 0)
        {
            ItemScorer scorer = _scorers.GetOrAdd((run, iteration), _ => new Lazy<ItemScorer>(() => new ItemScorer(items))).Value;
            TopKResult top = TopK.Recommend(users, local.ToArray(), scorer, train, plan.Cutoff, _threads);
            for (int i = 0; i < local.Count; i++) metrics.Add(top.ItemsOf(i), test.RowColumns(local[i]));
            foreach (var key in _scorers.Keys.Where(key => key.Run == run && key.Iteration < iteration)) _scorers.TryRemove(key, out _);
        }
        return new EvaluationResult(loss, metrics.ToState());
    }

    /// <summary>
    /// One side at one iteration, assembled once per process; the matrix of an older iteration is reused for it (an
    /// iteration only ever needs the newest one), so steady-state training allocates nothing here.
    /// </summary>
    private FactorMatrix Side(Guid run, int iteration, FactorSide side, RunPlan plan)
    {
        Lazy<FactorMatrix> lazy = _sides.GetOrAdd((run, iteration, side), key => new Lazy<FactorMatrix>(() =>
        {
            IReadOnlyList<BlockRange> blocks = side == FactorSide.Users ? plan.UserBlocks : plan.ItemBlocks;
            FactorMatrix target = _spareSides.TryRemove((run, side), out FactorMatrix? spare) ? spare
                : new FactorMatrix(blocks.Sum(block => block.Count), plan.Options.Factors);
            try
            {
                Parallel.ForEach(blocks, block =>
                    _store.ReadBlock(run, iteration, side, block, plan.Options.Factors).Values.CopyTo(target.RowRange(block.First, block.Count)));
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
        return matrix;
    }

    /// <summary>A block of the dataset: "users" and "items" are training rows by user or item block, "test" the held-out rows.</summary>
    private CsrMatrix Ratings(Guid run, string kind, int block, RunPlan plan) =>
        ValueOrForget(_blocks, (run, kind, block), _blocks.GetOrAdd((run, kind, block), _ => new Lazy<CsrMatrix>(() =>
        {
            PreparedDataset dataset = _datasets.GetOrAdd(plan.Dataset, PreparedDataset.Open);
            return kind switch
            {
                "users" => dataset.LoadUserBlock(block),
                "items" => dataset.LoadItemBlock(block),
                _ => dataset.LoadTestBlock(block),
            };
        })));

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
}
