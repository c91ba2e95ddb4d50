using System.CommandLine;
using Cli.Runs;
using Data.Runs;

namespace Cli.Options;

/// <summary>The per-iteration evaluation options (<c>--k</c>, <c>--eval-users</c>) of every command that trains.</summary>
internal sealed class EvaluationOptionSet
{
    /// <summary>Default cutoff K of the ranking metrics.</summary>
    public const int DefaultCutoff = 10;

    /// <summary>The options, with <paramref name="defaultEvalUsers"/> as the default sample size (0 = all test users).</summary>
    public EvaluationOptionSet(int defaultEvalUsers)
    {
        Cutoff = new Option<int>("--k") { Description = "Cutoff K of the ranking metrics.", DefaultValueFactory = _ => DefaultCutoff };
        EvalUsers = new Option<int>("--eval-users")
        {
            Description = "Test users evaluated after every iteration (a seeded sample; 0 = all).",
            DefaultValueFactory = _ => defaultEvalUsers,
        };
        AlsOptionSet.AddRange(Cutoff, 1, 1_000);
        AlsOptionSet.AddRange(EvalUsers, 0, int.MaxValue);
    }

    public Option<int> Cutoff { get; }

    public Option<int> EvalUsers { get; }

    /// <summary>Adds both options to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Cutoff);
        command.Options.Add(EvalUsers);
    }

    /// <summary>The parsed settings, the sample seeded by <paramref name="seed"/>.</summary>
    public EvaluationSettings Read(ParseResult parse, ulong seed) => new(parse.GetValue(Cutoff), parse.GetValue(EvalUsers), seed);
}
