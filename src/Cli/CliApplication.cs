using System.CommandLine;
using System.Runtime.InteropServices;
using System.Reflection;
using Cli.Commands;
using Cli.Failures;
using System.CommandLine.Parsing;
using Spectre.Console;

namespace Cli;

/// <summary>Builds the <c>als</c> command tree and runs it; tests call <see cref="RunAsync"/> with their own writers.</summary>
public static class CliApplication
{
    /// <summary>Line width when output is redirected: wide enough that log lines are never wrapped.</summary>
    public const int RedirectedWidth = 240;

    /// <summary>The root command with every subcommand, writing through <paramref name="console"/>.</summary>
    public static RootCommand Create(IAnsiConsole console)
    {
        var root = new RootCommand("Implicit-feedback ALS for music recommendation: prepare Last.fm play counts, train, evaluate.")
        {
            DemoCommand.Create(console),
            SynthCommand.Create(console),
            PrepareCommand.Create(console),
            TrainCommand.Create(console),
            WorkerCommand.Create(console),
            ClusterCommand.Create(console),
            BenchCommand.Create(console),
            ParquetCommand.Create(),
            EvaluateCommand.Create(console),
            RecommendCommand.Create(console),
            SimilarCommand.Create(console),
            ExplainCommand.Create(console),
            FoldInCommand.Create(console),
            ServeCommand.Create(),
            ExportCommand.Create(console),
            ReportCommand.Create(console),
            TuneCommand.Create(console),
        };
        return root;
    }

    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns its exit code (<see cref="ExitCodes"/>).</summary>
    public static async Task<int> RunAsync(string[] args, IAnsiConsole console, TextWriter output, TextWriter error)
    {
        ParseResult parse = Create(console).Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (string message in ParseErrors.Describe(parse)) await error.WriteLineAsync($"als: {message}");
            return ExitCodes.UsageError;
        }
        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;                       // let the command stop cleanly instead of the runtime killing it
            cancellation.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        // SIGTERM (Kubernetes stopping a pod, `kill`) stops like Ctrl-C: a worker finishes its block first.
        using PosixSignalRegistration terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            cancellation.Cancel();
        });
        try
        {
            // Exceptions reach FailureReport, not System.CommandLine's handler (which prints the stack trace). Ctrl-C and
            // SIGTERM are handled above, once: System.CommandLine's own handler (on by default) would also answer them and
            // end the process 2 s later, cutting short a worker's last block or a service's stop.
            return await parse.InvokeAsync(
                new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null },
                cancellation.Token);
        }
        catch (Exception failure)
        {
            return FailureReport.Write(failure, CommandPath(parse), error);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The subcommand's name as typed after <c>als</c> (e.g. "parquet cat").</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command && command.Parent is not null; result = result.Parent)
            names.Insert(0, command.Command.Name);
        return names.Count == 0 ? "" : string.Join(' ', names);
    }

    /// <summary>The informational version of this build.</summary>
    public static string Version =>
        typeof(CliApplication).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
}
