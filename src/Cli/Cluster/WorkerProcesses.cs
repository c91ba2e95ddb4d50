using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Cli.Cluster;

/// <summary>
/// The worker processes of a local cluster: <c>als worker</c> children of this process, each logging to
/// <c>RUNDIR/workers/worker-N.log</c>, joining the coordinator's node as their seed. Disposing stops them: SIGTERM, so
/// each leaves the cluster (CoordinatedShutdown), then a kill for any that outlive the grace period.
/// </summary>
internal sealed class WorkerProcesses : IAsyncDisposable
{
    /// <summary>How long a worker may take to finish its block after SIGTERM.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(60);

    private readonly List<Process> _processes = [];
    private readonly List<StreamWriter> _logs = [];
    private readonly TextWriter _log;

    private WorkerProcesses(TextWriter log) => _log = log;

    /// <summary>The children's process ids.</summary>
    public IReadOnlyList<int> Ids => [.. _processes.Select(p => p.Id)];

    /// <summary>Starts <paramref name="count"/> workers joining <paramref name="join"/> (host:port) on <paramref name="store"/> with <paramref name="threads"/> threads each.</summary>
    public static WorkerProcesses Start(int count, string join, string store, int threads, string certificate, string logFolder, TextWriter log)
    {
        Directory.CreateDirectory(logFolder);
        var workers = new WorkerProcesses(log);
        (string program, string[] prefix) = SelfInvocation();
        for (int i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo(program)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in prefix) start.ArgumentList.Add(argument);
            foreach (string argument in new[] { "worker", "--join", join, "--store", store, "--threads", threads.ToString(CultureInfo.InvariantCulture), "--tls-certificate", certificate })
                start.ArgumentList.Add(argument);
            var process = new Process { StartInfo = start, EnableRaisingEvents = true };
            var file = new StreamWriter(Path.Combine(logFolder, string.Create(CultureInfo.InvariantCulture, $"worker-{i + 1}.log")), append: true) { AutoFlush = true };
            process.OutputDataReceived += (_, line) => Append(file, line.Data);
            process.ErrorDataReceived += (_, line) => Append(file, line.Data);
            process.Exited += (_, _) =>
            {
                lock (file) file.Flush();
            };
            workers._logs.Add(file);
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            workers._processes.Add(process);
        }
        return workers;
    }

    private static void Append(StreamWriter file, string? line)
    {
        if (line is null) return;
        lock (file) file.WriteLine(line);
    }

    /// <summary>Stops every worker still running.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (Process process in _processes.Where(p => !p.HasExited)) Terminate(process.Id);
        using var grace = new CancellationTokenSource(Grace);
        foreach (Process process in _processes)
        {
            try
            {
                await process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _log.WriteLine($"als cluster: worker process {process.Id} did not stop within {Grace.TotalSeconds:F0} s; killing it.");
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None);
            }
            process.Dispose();
        }
        foreach (StreamWriter file in _logs)
            lock (file) file.Dispose();
    }

    /// <summary>SIGTERM: the worker leaves the cluster (its shards move to other nodes) and exits.</summary>
    private static void Terminate(int pid)
    {
        using Process? kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
        kill?.WaitForExit();
    }

    /// <summary>How to start this same program again: the <c>als</c> apphost directly, or <c>dotnet als.dll</c>.</summary>
    private static (string Program, string[] Prefix) SelfInvocation()
    {
        string? path = Environment.ProcessPath;
        if (path is not null && Path.GetFileNameWithoutExtension(path) == "als") return (path, []);
        string assembly = Assembly.GetExecutingAssembly().Location;
        string apphost = Path.Combine(Path.GetDirectoryName(assembly)!, "als");
        return File.Exists(apphost) ? (apphost, []) : ("dotnet", [assembly]);
    }
}
