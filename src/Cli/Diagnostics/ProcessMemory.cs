using System.Globalization;

namespace Cli.Diagnostics;

/// <summary>Memory figures of this process, as the operating system counts them.</summary>
internal static class ProcessMemory
{
    /// <summary>
    /// Peak resident set size in MiB: VmHWM of /proc/self/status on Linux (what <c>/usr/bin/time -v</c> reports
    /// as maximum resident set size); elsewhere the peak working set .NET reports.
    /// </summary>
    public static double PeakResidentMegabytes()
    {
        const string status = "/proc/self/status";
        if (File.Exists(status))
        {
            foreach (string line in File.ReadLines(status))
            {
                if (!line.StartsWith("VmHWM:", StringComparison.Ordinal)) continue;
                string kilobytes = line["VmHWM:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) / 1024.0;
            }
        }
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.PeakWorkingSet64 / (1024.0 * 1024.0);
    }
}
