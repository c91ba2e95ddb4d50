using System.Globalization;
using Cli.Runs;
using Coordinator;
using Data.Runs;
using Messages;
using Spectre.Console;

namespace Cli.Cluster;

/// <summary>What the person running the job sees: a metrics row per iteration and status lines, as the coordinator reports them.</summary>
internal sealed class RunMonitor(IAnsiConsole console) : IRunListener
{
    private readonly Lock _gate = new();
    private bool _headerWritten;

    /// <summary>Iteration rows received, in order.</summary>
    public List<IterationCompleted> Iterations { get; } = [];

    public void OnIteration(IterationCompleted iteration)
    {
        lock (_gate)
        {
            if (!_headerWritten) MetricsConsole.WriteHeader(console, iteration.Cutoff, iteration.ValidationNdcg is not null);
            _headerWritten = true;
            Iterations.Add(iteration);
            MetricsConsole.WriteRow(console, new IterationMetrics(iteration.Iteration, iteration.Seconds, iteration.Loss, iteration.Precision, iteration.Recall,
                iteration.Ndcg, iteration.Map, iteration.HitRate, iteration.Coverage, iteration.Cutoff, iteration.EvalUsers), iteration.EvaluationSeconds,
                MetricsConsole.ValidationCell(iteration.ValidationNdcg, iteration.BestIteration == iteration.Iteration));
        }
    }

    public void OnStatus(RunStatus status)
    {
        lock (_gate) console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss}] {status.Message}"));
    }

    public void OnFinished(RunFinished finished)
    {
        // The session returns the end to the command, which reports it.
    }
}
