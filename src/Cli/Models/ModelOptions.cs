using System.CommandLine;

namespace Cli.Models;

/// <summary>Options every command that uses a trained model shares: one definition, so names and help stay alike.</summary>
internal static class ModelOptions
{
    /// <summary>Recommendations (or similar artists, contributors) listed by default.</summary>
    public const int DefaultCount = 10;

    /// <summary>Most entries a list may ask for: far beyond reading, small enough that the top-K buffers stay tiny.</summary>
    public const int MaxCount = 10_000;

    public static Option<DirectoryInfo> Model() => new("--model")
    {
        Description = "A run folder holding a trained model (RUNDIR, with model/model.json), as written by `als train`.",
        Required = true,
    };

    public static Option<int> Count(string what)
    {
        var option = new Option<int>("-n", "--count") { Description = $"How many {what} to list.", DefaultValueFactory = _ => DefaultCount };
        Options.AlsOptionSet.AddRange(option, 1, MaxCount);
        return option;
    }

    public static Option<bool> Json() => new("--json") { Description = "Print JSON (snake_case) instead of tables." };

    public static Option<DirectoryInfo?> Data() => new("--data")
    {
        Description = "The prepared dataset (default: the folder named in the model's model.json).",
    };

    public static Option<int> Threads()
    {
        var option = new Option<int>("--threads") { Description = "Threads (default: all cores). Results do not depend on it.", DefaultValueFactory = _ => Environment.ProcessorCount };
        Options.AlsOptionSet.AddRange(option, 1, 4096);
        return option;
    }
}
