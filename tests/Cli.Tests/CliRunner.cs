using Spectre.Console;

namespace Cli.Tests;

/// <summary>Runs the <c>als</c> command in-process with captured output (no terminal, so no colours or live widgets).</summary>
internal static class CliRunner
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = CliApplication.RedirectedWidth;
        int exitCode = await CliApplication.RunAsync(args, console, output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}
