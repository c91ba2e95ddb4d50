using System.Diagnostics;
using Data.Factors;
using Data.Store;
using Linalg.Training;
using MassTransit;
using Messages;

namespace Worker;

/// <summary>
/// Solves the block a <see cref="SolveBlock"/> names and publishes <see cref="BlockSolved"/> once the rows are
/// durably in the store. Commands of a superseded attempt are dropped. The message is acknowledged only when
/// this returns, so a worker killed mid-block loses nothing: the broker hands the command to another worker.
/// Errors that a retry cannot fix (damaged input) are reported as <see cref="BlockFailed"/>.
/// </summary>
public sealed class SolveBlockConsumer(BlockWorker worker, FactorStore store, WorkerIdentity identity, BlockLog log) : IConsumer<SolveBlock>
{
    /// <inheritdoc/>
    public async Task Consume(ConsumeContext<SolveBlock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        SolveBlock command = context.Message;
        if (store.ReadAttempt(command.RunId) > command.Attempt) return;          // a newer coordinator owns the run
        string work = command.Side == BlockSide.Users ? "solve users" : "solve items";
        log.Started(work, command.Iteration, command.BlockId, command.Attempt);
        var clock = Stopwatch.StartNew();
        SolveResult result;
        try
        {
            result = await Task.Run(() => worker.Solve(command.RunId, command.Iteration, Convert(command.Side), command.BlockId), context.CancellationToken);
        }
        catch (Exception error) when (error is InvalidDataException or FactorFileException or Parquet.ParquetException)
        {
            log.Failed(work, command.Iteration, command.BlockId, error.Message);
            await context.Publish(new BlockFailed(command.RunId, command.Attempt, command.Iteration, work, command.BlockId, error.Message, identity.Name));
            return;
        }
        byte[] gram = new byte[result.PartialGram.Length * sizeof(double)];
        Buffer.BlockCopy(result.PartialGram, 0, gram, 0, gram.Length);
        await context.Publish(new BlockSolved(command.RunId, command.Attempt, command.Iteration, command.Side, command.BlockId, gram,
            result.BlockCrc32, identity.Name, clock.Elapsed.TotalSeconds));
        log.Finished(work, command.Iteration, command.BlockId, clock.Elapsed.TotalSeconds);
    }

    internal static FactorSide Convert(BlockSide side) => side == BlockSide.Users ? FactorSide.Users : FactorSide.Items;
}
