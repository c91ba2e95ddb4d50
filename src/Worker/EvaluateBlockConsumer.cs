using System.Diagnostics;
using Data.Factors;
using Data.Store;
using Linalg.Evaluation;
using MassTransit;
using Messages;

namespace Worker;

/// <summary>Evaluates the user block an <see cref="EvaluateBlock"/> names and publishes <see cref="BlockEvaluated"/>.</summary>
public sealed class EvaluateBlockConsumer(BlockWorker worker, FactorStore store, WorkerIdentity identity, BlockLog log) : IConsumer<EvaluateBlock>
{
    /// <inheritdoc/>
    public async Task Consume(ConsumeContext<EvaluateBlock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        EvaluateBlock command = context.Message;
        if (store.ReadAttempt(command.RunId) > command.Attempt) return;
        log.Started("evaluate", command.Iteration, command.BlockId, command.Attempt);
        var clock = Stopwatch.StartNew();
        EvaluationResult result;
        try
        {
            result = await Task.Run(() => worker.Evaluate(command.RunId, command.Iteration, command.BlockId), context.CancellationToken);
        }
        catch (Exception error) when (error is InvalidDataException or FactorFileException or Parquet.ParquetException)
        {
            log.Failed("evaluate", command.Iteration, command.BlockId, error.Message);
            await context.Publish(new BlockFailed(command.RunId, command.Attempt, command.Iteration, "evaluate", command.BlockId, error.Message, identity.Name));
            return;
        }
        MetricsState m = result.Metrics;
        await context.Publish(new BlockEvaluated(command.RunId, command.Attempt, command.Iteration, command.BlockId, result.Loss.Correction,
            result.Loss.ConfidenceSum, result.Loss.Entries, new MetricsPartial(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered),
            identity.Name, clock.Elapsed.TotalSeconds));
        log.Finished("evaluate", command.Iteration, command.BlockId, clock.Elapsed.TotalSeconds);
    }
}
