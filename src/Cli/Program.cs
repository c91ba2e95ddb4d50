using Cli;
using Spectre.Console;

// Redirected output (a log file, a pipe, CI) gets plain text: no colour codes, no wrapping at 80 columns.
IAnsiConsole console = Console.IsOutputRedirected
    ? AnsiConsole.Create(new AnsiConsoleSettings
    {
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
        Out = new AnsiConsoleOutput(Console.Out),
    })
    : AnsiConsole.Console;
if (Console.IsOutputRedirected) console.Profile.Width = CliApplication.RedirectedWidth;

return await CliApplication.RunAsync(args, console, Console.Out, Console.Error);
