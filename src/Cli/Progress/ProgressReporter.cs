using System.Diagnostics;
using System.Globalization;
using Data.Datasets;
using Spectre.Console;

namespace Cli.Progress;

/// <summary>
/// Progress of a long command: on a terminal, a live bar (bytes, rows and rows per second while reading; units done
/// of a counted job such as tuning trials); when output is redirected (a log, CI), plain timestamped lines, at most one
/// every <see cref="LogInterval"/> while reading, plus every stage and every finished unit.
/// </summary>
internal sealed class ProgressReporter : IPrepareProgress
{
    /// <summary>Quiet time between two progress lines in a log: often enough to see it moving, rare enough to read.</summary>
    internal static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(5);

    private readonly IAnsiConsole _console;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private ProgressTask? _bar;
    private TimeSpan? _lastLine;

    private readonly string _title;

    private ProgressReporter(IAnsiConsole console, string title) => (_console, _title) = (console, title);

    /// <summary>Runs <paramref name="work"/> with a reporter suited to <paramref name="console"/>.</summary>
    public static T Run<T>(IAnsiConsole console, string title, Func<ProgressReporter, T> work)
    {
        var reporter = new ProgressReporter(console, title);
        if (!console.Profile.Capabilities.Interactive) return work(reporter);
        T result = default!;
        console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                reporter._bar = context.AddTask(title, maxValue: 1);
                result = work(reporter);
                reporter._bar.Value = reporter._bar.MaxValue;
            });
        return result;
    }

    /// <inheritdoc/>
    public void Stage(string message) => _console.WriteLine(Stamp() + message);

    /// <inheritdoc/>
    public void Reading(long bytesRead, long totalBytes, long rows)
    {
        double seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        string detail = string.Create(CultureInfo.InvariantCulture,
            $"{bytesRead / 1e6:F0} of {totalBytes / 1e6:F0} MB, {rows:N0} rows, {rows / seconds:N0} rows/s, {bytesRead / 1e6 / seconds:F1} MB/s");
        if (_bar is not null)
        {
            _bar.MaxValue = Math.Max(1, totalBytes);
            _bar.Value = bytesRead;
            _bar.Description = "reading: " + detail;
            return;
        }
        if (_lastLine is { } last && _clock.Elapsed - last < LogInterval && bytesRead < totalBytes) return;
        _lastLine = _clock.Elapsed;
        _console.WriteLine(Stamp() + "reading " + detail);
    }

    /// <summary>
    /// <paramref name="done"/> of <paramref name="total"/> units of a counted job (tuning trials) are finished: moves the
    /// bar on a terminal (described as "title done/total", short enough for any width), or prints
    /// <paramref name="detail"/> as a timestamped line in a log.
    /// </summary>
    public void Advance(int done, int total, string detail)
    {
        if (_bar is not null)
        {
            _bar.MaxValue = Math.Max(1, total);
            _bar.Value = done;
            _bar.Description = string.Create(CultureInfo.InvariantCulture, $"{_title} {done}/{total}");
            return;
        }
        _console.WriteLine(Stamp() + detail);
    }

    private string Stamp() => string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss} +{_clock.Elapsed.TotalSeconds,6:F1}s] ");
}
