using System.CommandLine;
using System.Globalization;
using Cli.Options;
using Cli.Reports;
using Data.Factors;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als report</c>: writes RUNDIR/report.html, one self-contained page of a training run (curves, ALS beside its
/// baselines, dataset distributions, tuning sensitivity, a sample user). <c>train</c> writes it too, after every
/// successful run.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = new Option<DirectoryInfo>("--model") { Description = "The run folder (metrics.jsonl and model/, as `als train` writes it).", Required = true };
        var data = new Option<DirectoryInfo?>("--data") { Description = "The dataset folder (default: the one the model was trained on, from model/model.json)." };
        var output = new Option<FileInfo?>("--out") { Description = $"The HTML file to write (default: RUNDIR/{RunReport.FileName})." };
        var users = EvalUsersOption.Create("Test users evaluated when the report computes ALS and popularity itself (no evaluation.json): all, or a seeded sample of N.",
            RunReport.DefaultUsers.ToString(CultureInfo.InvariantCulture), allowNone: false);
        var seed = new Option<ulong>("--seed") { Description = "Seed of that sample.", DefaultValueFactory = _ => Linalg.Als.AlsDefaults.Seed };
        var threads = new Option<int>("--threads") { Description = "Threads (default: all cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace the file named by --out if it exists (RUNDIR/report.html is always replaced)." };
        AlsOptionSet.AddRange(threads, 1, 4096);
        var command = new Command("report", "Write RUNDIR/report.html: training curves, ALS vs baselines, dataset distributions, tuning, a sample user.")
        {
            model, data, output, users, seed, threads, overwrite,
        };
        command.SetAction(parse => Run(console, parse.InvocationConfiguration.Error, parse.GetRequiredValue(model).FullName, parse.GetValue(data)?.FullName,
            parse.GetValue(output)?.FullName, parse.GetValue(overwrite), EvalUsersOption.Read(parse, users, allowNone: false), parse.GetValue(seed), parse.GetValue(threads)));
        return command;
    }

    private static int Run(IAnsiConsole console, TextWriter error, string runFolder, string? data, string? output, bool overwrite, int users, ulong seed,
        int threads)
    {
        if (!Directory.Exists(runFolder))
        {
            error.WriteLine($"als report: the run folder {runFolder} does not exist.");
            return ExitCodes.UsageError;
        }
        if (output is not null && Directory.Exists(output))
            throw new Models.CommandProblem($"--out {output} is a folder; name the HTML file to write.");
        if (output is not null && File.Exists(output) && !overwrite)
            throw new Models.CommandProblem($"{output} already exists; use --overwrite to replace it, or choose another --out.");
        (string path, TimeSpan elapsed) = RunReport.Write(runFolder, data, output, users, seed, threads);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Report: {path} ({new FileInfo(path).Length / 1024.0:F0} KiB, {elapsed.TotalSeconds:F1} s)."));
        return ExitCodes.Success;
    }
}
