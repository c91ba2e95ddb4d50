using System.CommandLine;
using Cli.Cluster;
using Coordinator;

namespace Cli.Options;

/// <summary>The options of a training run, shared by <c>train</c> and <c>cluster</c>: dataset, run folder, ALS, evaluation, node network and store, checkpoints, resume.</summary>
internal sealed class TrainingOptionSet
{
    /// <summary>
    /// Test users evaluated after every iteration by default: a seeded sample whose top-K lists cost about 5% of an
    /// iteration on the 360K data (0.15 CPU-seconds against 2.7), while P@10 (about 0.15) keeps a standard error near
    /// 0.004. The loss pass over every training row costs more than that (see bench/README.md).
    /// </summary>
    internal const int DefaultEvalUsers = 2_000;

    /// <summary>Checkpoints kept by default.</summary>
    internal const int DefaultKeepCheckpoints = 3;

    public AlsOptionSet Als { get; } = new();

    public EvaluationOptionSet Evaluation { get; } = new(DefaultEvalUsers);

    public ValidationOptionSet Validation { get; } = new();

    public ClusterOptionSet Cluster { get; } = new();

    public Option<DirectoryInfo?> Data { get; } = new("--data") { Description = "A dataset folder written by `als prepare` (not needed with --resume)." };

    public Option<string?> Output { get; } = new("--out") { Description = "Run folder: metrics.jsonl, baseline.json, model/ and (by default) the factor store. Default: a new folder under runs/." };

    public Option<int> Keep { get; } = new("--keep-checkpoints") { Description = "Checkpoints to keep (older iterations' factors are deleted).", DefaultValueFactory = _ => DefaultKeepCheckpoints };

    public Option<bool> Resume { get; } = new("--resume") { Description = "Continue the run in --out from its newest complete, checksum-valid checkpoint; with --iterations N, up to N iterations (extends a finished run)." };

    public Option<bool> AutoResume { get; } = new("--auto-resume")
    {
        Description = "Resume when --out already holds a run, else start one there: for a coordinator that may be restarted (a Kubernetes Job).",
    };

    public Option<int> Stall { get; } = new("--stall-timeout") { Description = "Seconds without any finished block before the run fails (it can be resumed).", DefaultValueFactory = _ => 600 };

    public TrainingOptionSet()
    {
        AlsOptionSet.AddRange(Keep, 1, 1000);
        AlsOptionSet.AddRange(Stall, 1, 7 * 24 * 3600);
    }

    public void AddTo(Command command)
    {
        command.Options.Add(Data);
        command.Options.Add(Output);
        command.Options.Add(Keep);
        command.Options.Add(Resume);
        command.Options.Add(AutoResume);
        command.Validators.Add(result =>
        {
            if (result.GetValue(AutoResume) && result.GetValue(Output) is null) result.AddError("--auto-resume needs --out: the run folder to start or continue.");
        });
        command.Options.Add(Stall);
        Evaluation.AddTo(command);
        Validation.AddTo(command);
        Als.AddTo(command);
        Cluster.AddTo(command);
    }

    /// <summary>The request of <paramref name="command"/> the options describe, with <paramref name="workers"/> blocks solved at once in this process.</summary>
    public TrainingRequest Read(ParseResult parse, string command, int workers, string resumeOptions = "")
    {
        string? output = parse.GetValue(Output);
        bool resume = parse.GetValue(Resume)
            || (parse.GetValue(AutoResume) && output is not null && File.Exists(Path.Combine(output, RunReference.FileName)));
        if (resume && output is not null) Runs.ResumeCheck.Verify(parse, Als, Data, output, Validation);
        int? resumeIterations = resume && parse.GetResult(Als.Iterations) is { Implicit: false } ? parse.GetValue(Als.Iterations) : null;
        return new(command, parse.GetValue(Data)?.FullName, output, Als.Read(parse), Evaluation.Read(parse, parse.GetValue(Als.Seed)), workers, Cluster.Read(parse),
            parse.GetValue(Cluster.Store), parse.GetValue(Keep), resume, TimeSpan.FromSeconds(parse.GetValue(Stall)), resumeOptions, resumeIterations)
        {
            Validation = Validation.Read(parse),
        };
    }
}
