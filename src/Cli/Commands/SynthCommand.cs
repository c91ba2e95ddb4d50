using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cli.Options;
using Data.Synthetic;
using Spectre.Console;

namespace Cli.Commands;

/// <summary><c>als synth</c>: writes synthetic data in the Last.fm 360K TSV format, optionally with malformed and duplicate lines.</summary>
internal static class SynthCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var preset = PresetOption.Create("small");
        var scale = ScaleOption.Create();
        var seed = new Option<ulong>("--seed") { Description = "Seed of the data.", DefaultValueFactory = _ => Datasets.DatasetDefaults.Seed };
        var output = new Option<FileInfo>("--out") { Description = "The TSV file to write.", Required = true };
        var faults = new Option<int>("--inject-faults") { Description = "Malformed lines to add at seeded positions, of every kind in turn (listed in OUT.injected.tsv).", DefaultValueFactory = _ => 0 };
        var duplicates = new Option<int>("--duplicates") { Description = "Valid lines repeating an earlier user-artist pair (prepare sums them).", DefaultValueFactory = _ => 0 };
        AlsOptionSet.AddRange(faults, 0, 10_000_000);
        AlsOptionSet.AddRange(duplicates, 0, 10_000_000);
        var command = new Command("synth", "Write synthetic Last.fm-shaped listening data as a Last.fm 360K TSV file.") { preset, scale, seed, output, faults, duplicates };
        command.SetAction(parse => Run(console, parse, parse.GetRequiredValue(preset), parse.GetValue(seed), parse.GetRequiredValue(output),
            parse.GetValue(faults), parse.GetValue(duplicates), parse.GetValue(scale)));
        return command;
    }

    /// <summary>Writes the file (the preset with <paramref name="scale"/> times its users) and its list of injected lines; returns the report.</summary>
    internal static SyntheticTsvReport Write(string preset, ulong seed, string path, int faults, int duplicates, int scale = 1)
    {
        var generator = new SyntheticGenerator(SyntheticSpec.For(SyntheticSpec.ParsePreset(preset)).ScaleUsers(scale), seed);
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null) Directory.CreateDirectory(folder);
        SyntheticTsvReport report;
        using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
            report = SyntheticTsvWriter.Write(generator, stream, faults, duplicates);
        using var list = new StreamWriter(path + ".injected.tsv");
        list.Write("line\tkind\n");
        foreach (InjectedLine line in report.Injected)
            list.Write(string.Create(CultureInfo.InvariantCulture, $"{line.Line}\t{(line.Kind is { } kind ? kind.ToString() : "Duplicate")}\n"));
        return report;
    }

    private static int Run(IAnsiConsole console, ParseResult parse, string preset, ulong seed, FileInfo output, int faults, int duplicates, int scale)
    {
        var clock = Stopwatch.StartNew();
        if (Directory.Exists(output.FullName))
            throw new Models.CommandProblem($"--out {output.FullName} is a folder; name the TSV file to write.");
        SyntheticTsvReport report = Write(preset, seed, output.FullName, faults, duplicates, scale);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Wrote {output.FullName}: {report.Lines:N0} lines ({report.ValidLines:N0} valid), {report.Bytes / 1e6:F1} MB in {clock.Elapsed.TotalSeconds:F1} s."));
        if (report.Injected.Count > 0)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Injected {faults} malformed and {duplicates} duplicate lines, listed in {output.FullName}.injected.tsv."));
        return ExitCodes.Success;
    }
}
