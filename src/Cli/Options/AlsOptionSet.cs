using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Linalg.Als;

namespace Cli.Options;

/// <summary>
/// The ALS training options shared by every command that trains (demo, bench, train): one definition, so names,
/// defaults and validation cannot drift apart between commands.
/// </summary>
internal sealed class AlsOptionSet
{
    public Option<int> Factors { get; } = new("--factors")
    {
        Description = "Latent factors per user and item (k).",
        DefaultValueFactory = _ => AlsDefaults.Factors,
    };

    public Option<float> Regularization { get; } = new("--regularization")
    {
        Description = "L2 regularization lambda added to every row system.",
        DefaultValueFactory = _ => AlsDefaults.Regularization,
    };

    public Option<float> Alpha { get; } = new("--alpha")
    {
        Description = "Confidence scale: c = 1 + alpha*plays (linear), 1 + alpha*ln(1 + plays/epsilon) (log) or 1 + alpha*bm25(plays) (bm25).",
        DefaultValueFactory = _ => AlsDefaults.Alpha,
    };

    public Option<string> Confidence { get; } = new("--confidence")
    {
        Description = "Confidence mode: linear, log, or bm25 (BM25-weighted plays, K1 = 100, B = 0.8, as implicit's bm25_weight).",
        DefaultValueFactory = _ => ConfidenceName(AlsDefaults.Confidence),
    };

    public Option<float> Epsilon { get; } = new("--epsilon")
    {
        Description = "Epsilon of the log confidence.",
        DefaultValueFactory = _ => AlsDefaults.Epsilon,
    };

    public Option<int> Iterations { get; }

    /// <summary>Most iterations a run may ask for: ALS settles within tens; ten thousand is a typo, not a plan.</summary>
    internal const int MaxIterations = 10_000;

    public Option<string> Solver { get; } = new("--solver")
    {
        Description = "Row solver: cg (conjugate gradient, warm-started) or cholesky (exact).",
        DefaultValueFactory = _ => "cg",
    };

    public Option<int> CgSteps { get; } = new("--cg-steps")
    {
        Description = "Conjugate-gradient steps per row and half-step.",
        DefaultValueFactory = _ => AlsDefaults.CgSteps,
    };

    public Option<ulong> Seed { get; } = new("--seed")
    {
        Description = "Seed of the initial factors (and of the data generator where a command generates data).",
        DefaultValueFactory = _ => AlsDefaults.Seed,
    };

    public Option<int> Threads { get; } = new("--threads")
    {
        Description = "Worker threads for the solver (default: all cores). Results do not depend on it.",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    /// <summary>The options, with <paramref name="defaultIterations"/> as the default of <c>--iterations</c>.</summary>
    public AlsOptionSet(int defaultIterations = AlsDefaults.Iterations)
    {
        Iterations = new Option<int>("--iterations")
        {
            Description = "ALS iterations (a user half-step then an item half-step each).",
            DefaultValueFactory = _ => defaultIterations,
        };
        AcceptChoices(Confidence, "linear", "log", "bm25");
        AcceptChoices(Solver, "cg", "cholesky");
        AddRange(Factors, 1, AlsDefaults.MaxFactors);
        AddRange(Iterations, 1, MaxIterations);
        AddRange(CgSteps, 1, 1_000);
        AddRange(Threads, 1, 4_096);
        AddNonNegative(Regularization);
        AddNonNegative(Alpha);
        Epsilon.Validators.Add(result =>
        {
            if (TryGetValue(result, out float value) && !(value > 0)) result.AddError("--epsilon must be greater than 0.");
        });
    }

    /// <summary>Adds every option to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        foreach (Option option in new Option[] { Factors, Regularization, Alpha, Confidence, Epsilon, Iterations, Solver, CgSteps, Seed, Threads })
            command.Options.Add(option);
        command.Validators.Add(result =>
        {
            // Plays are at least 1, so c(1) bounds α (and ε) before any data is read; trainers check the data's largest count.
            if (result.GetResult(Alpha) is { } alpha && !CanConvert<float>(alpha.Tokens.Count > 0 ? alpha.Tokens[^1].Value : "0")) return;
            if (result.GetResult(Epsilon) is { } epsilon && !CanConvert<float>(epsilon.Tokens.Count > 0 ? epsilon.Tokens[^1].Value : "1")) return;
            // An option left out has no value yet while the command validates (GetValue gives 0): use its default.
            var options = new AlsOptions
            {
                Alpha = result.GetResult(Alpha) is { Tokens.Count: > 0 } ? result.GetValue(Alpha) : AlsDefaults.Alpha,
                Epsilon = result.GetResult(Epsilon) is { Tokens.Count: > 0 } ? result.GetValue(Epsilon) : AlsDefaults.Epsilon,
                // The token, not GetValue: a misspelt mode is the option's own error, and GetValue would throw it here.
                Confidence = ParseConfidence(result.GetResult(Confidence) is { Tokens.Count: > 0 } mode ? mode.Tokens[^1].Value : null),
            };
            if (!(options.Alpha >= 0) || !(options.Epsilon > 0)) return;            // the options' own validators say so
            try
            {
                Linalg.Als.Confidence.EnsureBounded(1f, options);
            }
            catch (ArgumentException problem)
            {
                result.AddError(problem.Message);
            }
        });
    }

    /// <summary>The parsed values as solver parameters.</summary>
    public AlsOptions Read(ParseResult parse) => new()
    {
        Factors = parse.GetValue(Factors),
        Regularization = parse.GetValue(Regularization),
        Alpha = parse.GetValue(Alpha),
        Confidence = ParseConfidence(parse.GetValue(Confidence)),
        Epsilon = parse.GetValue(Epsilon),
        Iterations = parse.GetValue(Iterations),
        Solver = parse.GetValue(Solver) == "cholesky" ? AlsSolver.Cholesky : AlsSolver.ConjugateGradient,
        CgSteps = parse.GetValue(CgSteps),
        Seed = parse.GetValue(Seed),
        Threads = parse.GetValue(Threads),
    };

    /// <summary>The command-line spelling of a solver.</summary>
    public static string SolverName(AlsSolver solver) => solver == AlsSolver.Cholesky ? "cholesky" : "cg";

    /// <summary>The command-line spelling of a confidence mode.</summary>
    public static string ConfidenceName(ConfidenceMode mode) => mode switch
    {
        ConfidenceMode.Log => "log",
        ConfidenceMode.Bm25 => "bm25",
        _ => "linear",
    };

    /// <summary>The mode of a command-line spelling, any case; anything else (the option's own validator refuses it) is linear.</summary>
    internal static ConfidenceMode ParseConfidence(string? name) =>
        string.Equals(name, "log", StringComparison.OrdinalIgnoreCase) ? ConfidenceMode.Log
        : string.Equals(name, "bm25", StringComparison.OrdinalIgnoreCase) ? ConfidenceMode.Bm25
        : ConfidenceMode.Linear;

    internal static void AddRange(Option<int> option, int minimum, int maximum) =>
        option.Validators.Add(result =>
        {
            if (!TryGetValue(result, out int value)) return;
            if (value < minimum || value > maximum)
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be between {minimum} and {maximum}; got {value}."));
        });

    /// <summary>
    /// Restricts <paramref name="option"/> to <paramref name="choices"/>, ignoring case ("CG" is "cg"); the value the
    /// command reads is the choice as listed. A wrong value is one sentence naming the option and every choice.
    /// </summary>
    internal static void AcceptChoices(Option<string> option, params string[] choices)
    {
        option.CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";
            string? choice = choices.FirstOrDefault(candidate => string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase));
            if (choice is null) result.AddError($"{option.Name} must be one of {string.Join(", ", choices)}; got '{text}'.");
            return choice ?? text;
        };
        option.CompletionSources.Add(choices);
    }

    private static void AddNonNegative(Option<float> option) =>
        option.Validators.Add(result =>
        {
            if (!TryGetValue(result, out float value)) return;
            if (!(value >= 0) || float.IsInfinity(value))
                result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be a finite number >= 0; got {value}."));
        });

    /// <summary>
    /// The option's value, or false when the text did not convert: the parser reports that error itself, and a
    /// range check on top would only throw.
    /// </summary>
    internal static bool TryGetValue<T>(OptionResult result, out T value)
    {
        value = default!;
        if (result.Tokens.Count > 0 && !CanConvert<T>(result.Tokens[^1].Value)) return false;
        value = result.GetValueOrDefault<T>();
        return true;
    }

    private static bool CanConvert<T>(string text) => typeof(T) == typeof(int) || typeof(T) == typeof(int?)
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
        : typeof(T) == typeof(double) ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
        : typeof(T) != typeof(float) || float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
}
