using Data.Store;
using Worker;

namespace Worker.Tests;

/// <summary>The block worker is a library type: it says what it needs of the process and leaves the process's state to the node host.</summary>
public sealed class BlockWorkerTests
{
    [Fact]
    public void A_block_worker_leaves_the_thread_pool_minimum_alone_and_says_what_it_wants()
    {
        using var store = new TemporaryDirectory();
        ThreadPool.GetMinThreads(out int before, out int beforeIo);
        int threads = before + 50;                                           // far above any minimum set so far
        using var worker = new BlockWorker(new FactorStore(store.Path), threads, blocksInFlight: 3);
        ThreadPool.GetMinThreads(out int after, out int afterIo);
        Assert.Equal((before, beforeIo), (after, afterIo));
        Assert.True(worker.PoolThreadsWanted >= threads + 3, $"{worker.PoolThreadsWanted} pool threads wanted for {threads} solver threads and 3 blocks");
    }

    [Fact]
    public async Task Blocks_in_flight_share_the_nodes_solver_threads_and_their_own_threads_only_wait()
    {
        using var store = new TemporaryDirectory();
        const int threads = 2, blocks = 3;
        using var worker = new BlockWorker(new FactorStore(store.Path), threads, blocksInFlight: blocks);
        int running = 0, most = 0, onCaller = 0, rows = 0;
        // Each block fans its rows out as HalfStep.Solve does: Parallel.ForEach on the worker's scheduler, waited for by the block's thread.
        Task[] work = [.. Enumerable.Range(0, blocks).Select(_ => worker.RunAsync(() =>
        {
            int caller = Environment.CurrentManagedThreadId;
            Parallel.ForEach(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = threads, TaskScheduler = worker.Solvers }, _ =>
            {
                if (Environment.CurrentManagedThreadId == caller) Interlocked.Increment(ref onCaller);
                int now = Interlocked.Increment(ref running);
                for (int seen = Volatile.Read(ref most); now > seen; seen = Volatile.Read(ref most)) Interlocked.CompareExchange(ref most, now, seen);
                Thread.SpinWait(2_000);                                          // a row's work
                Interlocked.Decrement(ref running);
                Interlocked.Increment(ref rows);
            });
            return 0;
        }))];
        await Task.WhenAll(work);
        Assert.Equal(blocks * 300, rows);
        Assert.Equal(0, onCaller);                                               // no row ran outside the limit, on a block's own thread
        Assert.InRange(most, 1, threads);
    }
}
