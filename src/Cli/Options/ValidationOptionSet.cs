using System.CommandLine;
using System.Globalization;
using Data.Interactions;
using Data.Store;
using Linalg.Evaluation;

namespace Cli.Options;

/// <summary>
/// The validation options of a training run (train and cluster): <c>--validation-users all|none|N</c> and
/// <c>--validation-fraction F</c> carve validation rows out of the training rows when the run is planned (as <c>tune</c>
/// does; the test split is never read for them), <c>--keep-best</c> / <c>--no-keep-best</c> choose whether the model is
/// the iteration with the best validation NDCG@10 (on by default once validation is on), and <c>--early-stopping N</c>
/// stops after N iterations without improvement. <c>--keep-best</c> and <c>--early-stopping</c> switch validation on
/// with <see cref="DefaultUsers"/> users unless <c>--validation-users</c> says how many.
/// </summary>
internal sealed class ValidationOptionSet
{
    /// <summary>
    /// Validation users when validation is switched on without a count: as many as <c>tune</c> samples, enough that
    /// NDCG@10 differences of about 0.01 between iterations are real on the 20k preset, while the rows taken out of
    /// training stay a few per cent of them.
    /// </summary>
    internal const int DefaultUsers = 2_000;

    public Option<string> Users { get; } = EvalUsersOption.Create(
        "Users whose training artists give validation rows (never trained on) scored after every iteration: all eligible, none, or a seeded sample of N. " +
        $"Default: none, or {DefaultUsers} with --keep-best or --early-stopping.",
        EvalUsersOption.None, allowNone: true, name: "--validation-users");

    public Option<double> Fraction { get; } = new("--validation-fraction")
    {
        Description = "Share of a validation user's training artists moved to validation, between 0 and 1.",
        DefaultValueFactory = _ => HoldoutSplit.DefaultTestFraction,
    };

    public Option<bool> KeepBest { get; } = new("--keep-best")
    {
        Description = "The model is the iteration with the best validation NDCG@10, not the last (the default once validation is on; switches validation on).",
    };

    public Option<bool> NoKeepBest { get; } = new("--no-keep-best") { Description = "The model is the last iteration even with validation on." };

    public Option<int?> EarlyStopping { get; } = new("--early-stopping")
    {
        Description = "Stop after N iterations in a row without a better validation NDCG@10 (switches validation on).",
        HelpName = "N",
    };

    /// <summary>Adds the options and their checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Users);
        command.Options.Add(Fraction);
        command.Options.Add(KeepBest);
        command.Options.Add(NoKeepBest);
        command.Options.Add(EarlyStopping);
        command.Validators.Add(result =>
        {
            // Text that is not a number is the parser's error to report; reading it here would only throw.
            if (result.GetResult(Fraction) is { } fractionResult && !AlsOptionSet.TryGetValue<double>(fractionResult, out _)) return;
            if (result.GetResult(EarlyStopping) is { } patienceResult && !AlsOptionSet.TryGetValue<int?>(patienceResult, out _)) return;
            bool keepBest = result.GetValue(KeepBest), noKeepBest = result.GetValue(NoKeepBest);
            int? patience = result.GetValue(EarlyStopping);
            bool usersGiven = result.GetResult(Users) is { Implicit: false };
            bool none = usersGiven && EvalUsersOption.Parse(result.GetValue(Users), allowNone: true) == RankingEvaluator.NoUsers;
            if (keepBest && noKeepBest) result.AddError("--keep-best and --no-keep-best contradict each other: give one of them.");
            if (patience is < 1)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"--early-stopping must be at least 1 iteration without improvement, not {patience}."));
            if (none && (keepBest || patience is not null))
                result.AddError($"{(keepBest ? "--keep-best" : "--early-stopping")} needs validation rows, but --validation-users is none: give a number of users or all.");
            if (result.GetResult(Fraction) is { Implicit: false })
            {
                double fraction = result.GetValue(Fraction);
                if (!(fraction > 0 && fraction < 1))
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"--validation-fraction must be between 0 and 1 (both excluded), not {fraction}."));
                else if (!keepBest && patience is null && (!usersGiven || none))
                    result.AddError("--validation-fraction needs validation: give --validation-users N|all, --keep-best or --early-stopping.");
            }
            if (noKeepBest && !keepBest && patience is null && (!usersGiven || none))
                result.AddError("--no-keep-best needs validation to mean anything: give --validation-users N|all or --early-stopping, or leave it out.");
        });
    }

    /// <summary>Whether the command line gave any of the validation options.</summary>
    public bool AnyGiven(ParseResult parse) =>
        new Option[] { Users, Fraction, KeepBest, NoKeepBest, EarlyStopping }.Any(option => parse.GetResult(option) is { Implicit: false });

    /// <summary>The validation the command line asks for; null when validation is off.</summary>
    public ValidationOptions? Read(ParseResult parse)
    {
        int? patience = parse.GetValue(EarlyStopping);
        bool keepBest = parse.GetValue(KeepBest);
        int users = parse.GetResult(Users) is { Implicit: false }
            ? EvalUsersOption.Read(parse, Users, allowNone: true)
            : keepBest || patience is not null ? DefaultUsers : RankingEvaluator.NoUsers;
        if (users == RankingEvaluator.NoUsers) return null;
        return new ValidationOptions(users, parse.GetValue(Fraction), KeepBest: !parse.GetValue(NoKeepBest), patience);
    }
}
