using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Integration.Tests;

/// <summary>An <c>./als</c> process of the test: its output lines as they come, waits on them, and a hard kill (SIGKILL).</summary>
internal sealed class AlsProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _all = new();

    private AlsProcess(Process process, string name)
    {
        _process = process;
        Name = name;
    }

    /// <summary>A label for messages.</summary>
    public string Name { get; }

    /// <summary>The process id.</summary>
    public int Id => _process.Id;

    /// <summary>Everything written so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get
        {
            lock (_all) return _all.ToString();
        }
    }

    /// <summary>Starts <c>./als</c> with <paramref name="arguments"/>.</summary>
    /// <remarks>
    /// The process starts with SIGINT at its default action (coreutils <c>env --default-signal</c>), as a terminal's
    /// foreground process has it: a test run launched in the background inherits SIGINT ignored, and a program keeps an
    /// ignored SIGINT ignored, so Ctrl-C tests would otherwise measure the launcher.
    /// </remarks>
    public static AlsProcess Start(string name, params string[] arguments) =>
        Start(name, "env", ["--default-signal=INT", Path.Combine(RepositoryPaths.Root, "als"), .. arguments]);

    private static AlsProcess Start(string name, string program, string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        var process = new Process { StartInfo = start };
        var started = new AlsProcess(process, name);
        process.Start();
        started.ReadLines(process.StandardOutput, "stdout");
        started.ReadLines(process.StandardError, "stderr");
        return started;
    }

    /// <summary>
    /// Reads <paramref name="reader"/> line by line on a thread of its own: the process's asynchronous readers run on the
    /// thread pool, which a busy test run can starve for long enough that a killed worker finished the block its line
    /// announced.
    /// </summary>
    private void ReadLines(StreamReader reader, string stream)
    {
        var thread = new Thread(() =>
        {
            for (string? line; (line = reader.ReadLine()) is not null;) Add(line);
        }) { IsBackground = true, Name = $"{Name} {stream}" };
        thread.Start();
        _readers.Add(thread);
    }

    /// <summary>Waits until both output streams are read to their end (the process has exited).</summary>
    private void DrainOutput()
    {
        foreach (Thread reader in _readers) reader.Join(TimeSpan.FromSeconds(30));
    }

    private readonly List<Thread> _readers = [];

    /// <summary>
    /// Starts <c>./als</c> with <paramref name="arguments"/> in a mount namespace of its own (util-linux <c>unshare</c>,
    /// root mapped, so no privilege is needed) where <paramref name="folder"/> is a fresh tmpfs of
    /// <paramref name="bytes"/>: a disk that fills up, for this process alone, gone when it exits.
    /// </summary>
    public static AlsProcess StartOnSmallDisk(string name, string folder, long bytes, params string[] arguments)
    {
        Directory.CreateDirectory(folder);
        // After the command, the files left on the small disk are listed (it vanishes with the mount namespace).
        string[] wrapped = ["--mount", "--map-root-user", "sh", "-c",
            "d=\"$2\"; mount -t tmpfs -o size=\"$1\" tmpfs \"$d\" && shift 2 && { \"$@\"; c=$?; find \"$d\" -type f -printf 'left on the small disk: %P %s\\n'; exit $c; }", "small-disk",
            bytes.ToString(System.Globalization.CultureInfo.InvariantCulture), folder, Path.Combine(RepositoryPaths.Root, "als"), .. arguments];
        return Start(name, "unshare", wrapped);
    }

    /// <summary>Waits for an output line containing <paramref name="text"/> (and passing <paramref name="also"/>); returns it.</summary>
    public async Task<string> WaitForLine(string text, TimeSpan timeout, Func<string, bool>? also = null)
    {
        DateTime end = DateTime.UtcNow + timeout;
        while (true)
        {
            string? line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal) && (also is null || also(l)));
            if (line is not null) return line;
            if (_process.HasExited && _lines.All(l => !l.Contains(text, StringComparison.Ordinal)))
            {
                await Task.Delay(200);   // the last lines may still be on their way
                line = _lines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
                if (line is not null) return line;
                throw new InvalidOperationException($"{Name} exited ({_process.ExitCode}) without writing '{text}':\n{Output}");
            }
            if (DateTime.UtcNow > end) throw new TimeoutException($"{Name} did not write '{text}' within {timeout.TotalSeconds:F0} s:\n{Output}");
            await Task.Delay(10);
        }
    }

    /// <summary>Waits for the exit; returns the exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancellation.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:F0} s:\n{Output}");
        }
        _process.WaitForExit();
        DrainOutput();
        return _process.ExitCode;
    }

    /// <summary>Whether the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM, as Kubernetes stops a pod: the process may finish what it is doing.</summary>
    public void Terminate() => Signal("TERM");

    /// <summary>SIGINT, what Ctrl-C sends from a terminal.</summary>
    public void Interrupt() => Signal("INT");

    private void Signal(string name)
    {
        using Process kill = Process.Start("kill", ["-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        if (kill.ExitCode != 0) throw new InvalidOperationException($"kill -{name} {Id} failed ({kill.ExitCode})");
    }

    /// <summary>kill -9: no chance to finish anything.</summary>
    public void KillHard()
    {
        _process.Kill();
        _process.WaitForExit();
        DrainOutput();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_process.HasExited) KillHard();
        _process.Dispose();
    }

    /// <summary>
    /// Arms a kill -9 that the output reader fires the moment the process writes a line <paramref name="trigger"/>
    /// accepts (lines already written count too); the task gives that line. Killing from the reader, not after a poll,
    /// leaves the process no time to finish what the line announced.
    /// </summary>
    public Task<string> KillHardAt(Func<string, bool> trigger)
    {
        var killed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_all)
        {
            _killAt = (trigger, killed);
            foreach (string line in _lines) FireKill(line);
        }
        return killed.Task;
    }

    private (Func<string, bool> Trigger, TaskCompletionSource<string> Killed)? _killAt;

    /// <summary>Kills the process if <paramref name="line"/> is the armed trigger's (called under the output lock).</summary>
    private void FireKill(string line)
    {
        if (_killAt is not { } armed || !armed.Trigger(line)) return;
        _killAt = null;
        _process.Kill();
        armed.Killed.TrySetResult(line);
    }

    private void Add(string? line)
    {
        if (line is null) return;
        _lines.Enqueue(line);
        lock (_all)
        {
            _all.AppendLine(line);
            FireKill(line);
        }
    }
}
