namespace Coordinator;

/// <summary>How patient the coordinator is.</summary>
/// <param name="StallNotice">After this long with blocks pending and no worker in the cluster, say that the run is waiting (again every <see cref="NoticeInterval"/>).</param>
/// <param name="StallTimeout">After this long without a finished block, fail the run (it can be resumed).</param>
public sealed record CoordinatorSettings(TimeSpan StallNotice, TimeSpan StallTimeout)
{
    /// <summary>Defaults: notice at once, give up after 10 minutes.</summary>
    public static CoordinatorSettings Default { get; } = new(TimeSpan.Zero, TimeSpan.FromMinutes(10));

    /// <summary>How to start a worker for this run, for the waiting notice (null: <c>als worker --join</c> this node <c>--store</c> the run's store).</summary>
    public string? WorkerHint { get; init; }

    /// <summary>How often the coordinator checks deadlines and stalls (its own timer, never a message from the network).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Repeat of the waiting notice while no worker is there.</summary>
    public TimeSpan NoticeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A block's deadline before its first answer in this run: long enough for a cold node to load its rows (a re-send to a busy entity is ignored, so erring short costs nothing).</summary>
    public TimeSpan InitialDeadline { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// After a worker node is removed, the pending blocks are sent at once and again this much later: a command sent at
    /// once may still be routed to the removed node's region before the shards are reallocated, and be lost.
    /// </summary>
    public TimeSpan RemovalResendDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The shortest deadline: below it a re-send would mostly race an answer already on its way.</summary>
    public TimeSpan MinimumDeadline { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Deadline = this × the block's previous time (at least <see cref="MinimumDeadline"/>): a block's time varies little between iterations.</summary>
    public double DeadlineFactor { get; init; } = 5;

    /// <summary>
    /// Worker nodes to wait for before the first block is sent (0 or 1: none), until their shard regions have registered:
    /// shards are placed when first used, so blocks sent while the last node is still joining would all land on the
    /// first ones, and stay there.
    /// </summary>
    public int ExpectedWorkers { get; init; }

    /// <summary>How long to wait for <see cref="ExpectedWorkers"/> before starting with the worker nodes that are there.</summary>
    public TimeSpan ExpectedWorkersWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Failed answers of one block in one phase that are retried; one more fails the run.</summary>
    public int MaxRetries { get; init; } = 2;
}
