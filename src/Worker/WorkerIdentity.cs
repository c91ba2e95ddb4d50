using System.Globalization;

namespace Worker;

/// <summary>How a worker names itself in events and logs: host, process id and, in one process, its slot.</summary>
/// <param name="Name">The name.</param>
/// <param name="Threads">Threads each block solve uses.</param>
public sealed record WorkerIdentity(string Name, int Threads)
{
    /// <summary>This process's identity: host/pid.</summary>
    public static WorkerIdentity ForThisProcess(int threads) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}/{Environment.ProcessId}"), threads);
}
