using System.CommandLine;
using System.Globalization;
using Cli.Runs;
using Linalg.Evaluation;

namespace Cli.Options;

/// <summary>
/// The per-iteration evaluation options of every command that trains: <c>--at</c> (the ranking cutoff K; "k" is the
/// factor count), <c>--eval-users all|none|N</c> and <c>--no-eval</c> (the same as <c>--eval-users none</c>).
/// </summary>
internal sealed class EvaluationOptionSet
{
    /// <summary>Default cutoff K of the ranking metrics.</summary>
    public const int DefaultCutoff = 10;

    /// <summary>Largest cutoff accepted (as for <c>evaluate --at</c>).</summary>
    public const int MaxCutoff = 1_000;

    /// <summary>The options, with <paramref name="defaultEvalUsers"/> as the default sample size (<see cref="RankingEvaluator.AllUsers"/> = all test users).</summary>
    public EvaluationOptionSet(int defaultEvalUsers)
    {
        Cutoff = new Option<int>("--at") { Description = "Ranking cutoff K of the metrics (P@K, NDCG@K, ...).", DefaultValueFactory = _ => DefaultCutoff };
        EvalUsers = EvalUsersOption.Create("Test users evaluated after every iteration: all, none, or a seeded sample of N.",
            defaultEvalUsers == RankingEvaluator.AllUsers ? EvalUsersOption.All : defaultEvalUsers.ToString(CultureInfo.InvariantCulture), allowNone: true);
        NoEval = new Option<bool>("--no-eval") { Description = $"No ranking metrics after each iteration (the same as {EvalUsersOption.Name} {EvalUsersOption.None}); the loss is still reported." };
        AlsOptionSet.AddRange(Cutoff, 1, MaxCutoff);
    }

    public Option<int> Cutoff { get; }

    public Option<string> EvalUsers { get; }

    public Option<bool> NoEval { get; }

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Cutoff);
        command.Options.Add(EvalUsers);
        command.Options.Add(NoEval);
        command.Validators.Add(result =>
        {
            if (result.GetValue(NoEval) && result.GetResult(EvalUsers) is { Implicit: false })
                result.AddError($"--no-eval and {EvalUsersOption.Name} contradict each other: give one of them.");
        });
    }

    /// <summary>The parsed settings, the sample seeded by <paramref name="seed"/>.</summary>
    public EvaluationSettings Read(ParseResult parse, ulong seed) =>
        new(parse.GetValue(Cutoff), parse.GetValue(NoEval) ? RankingEvaluator.NoUsers : EvalUsersOption.Read(parse, EvalUsers, allowNone: true), seed);
}
