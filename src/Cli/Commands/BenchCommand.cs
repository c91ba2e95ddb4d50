using System.CommandLine;
using Cli.Benchmarks;
using Cli.Options;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als bench</c>: seconds per ALS iteration of the bare single-process solver loop on a synthetic preset
/// (default 360k), with the estimated GFLOP/s and the peak resident memory.
/// </summary>
internal static class BenchCommand
{
    /// <summary>Iterations by default: the first warms up the JIT and caches, the median is over the other four.</summary>
    private const int DefaultIterations = 5;

    public static Command Create(IAnsiConsole console)
    {
        var als = new AlsOptionSet(DefaultIterations);
        var preset = PresetOption.Create("360k");
        var scale = ScaleOption.Create();
        var dataSeed = new Option<ulong>("--data-seed")
        {
            Description = "Seed of the synthetic data and of the train/test split.",
            DefaultValueFactory = _ => Datasets.DatasetDefaults.Seed,
        };
        var data = new Option<DirectoryInfo?>("--data") { Description = "Time on a dataset written by `als prepare` instead of a preset built in memory." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object on standard output." };
        var command = new Command("bench", "Measure seconds per ALS iteration, GFLOP/s and peak memory on a synthetic preset.")
        {
            preset, scale, data, dataSeed, json,
        };
        als.AddTo(command);
        command.SetAction((parse, cancellationToken) =>
        {
            if (parse.GetValue(als.Iterations) < 2)
            {
                parse.InvocationConfiguration.Error.WriteLine("als bench: --iterations must be at least 2: the first iteration is a warm-up.");
                return Task.FromResult(ExitCodes.UsageError);
            }
            if (parse.GetValue(data) is not null && parse.GetValue(scale) != 1)
            {
                parse.InvocationConfiguration.Error.WriteLine("als bench: --scale applies to a synthetic preset, not to --data.");
                return Task.FromResult(ExitCodes.UsageError);
            }
            return Task.FromResult(SolverBenchmark.Run(console, parse.GetRequiredValue(preset), parse.GetValue(scale), parse.GetValue(data)?.FullName, parse.GetValue(dataSeed), als.Read(parse),
                parse.GetValue(json), cancellationToken));
        });
        return command;
    }
}
