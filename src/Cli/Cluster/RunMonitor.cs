using System.Collections.Concurrent;
using System.Globalization;
using Cli.Runs;
using Data.Runs;
using MassTransit;
using Messages;
using Spectre.Console;

namespace Cli.Cluster;

/// <summary>What the person running the job sees: a metrics row per iteration, status lines, and the end of the run.</summary>
internal sealed class RunMonitor(IAnsiConsole console)
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<RunFinished>> _finished = new();
    private readonly Lock _gate = new();
    private bool _headerWritten;

    /// <summary>Iteration rows received, in order.</summary>
    public List<IterationCompleted> Iterations { get; } = [];

    /// <summary>Completes when run <paramref name="run"/> ends.</summary>
    public Task<RunFinished> Finished(Guid run) => _finished.GetOrAdd(run, _ => new TaskCompletionSource<RunFinished>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void OnIteration(IterationCompleted message)
    {
        lock (_gate)
        {
            if (!_headerWritten) MetricsConsole.WriteHeader(console, message.Cutoff);
            _headerWritten = true;
            Iterations.Add(message);
            MetricsConsole.WriteRow(console, new IterationMetrics(message.Iteration, message.Seconds, message.Loss, message.Precision, message.Recall,
                message.Ndcg, message.Map, message.HitRate, message.Coverage, message.Cutoff, message.EvalUsers), message.EvaluationSeconds);
        }
    }

    public void OnStatus(RunStatus message)
    {
        lock (_gate) console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {message.Message}"));
    }

    public void OnFinished(RunFinished message) =>
        _finished.GetOrAdd(message.RunId, _ => new TaskCompletionSource<RunFinished>(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(message);
}
