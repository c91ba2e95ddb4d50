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
}
