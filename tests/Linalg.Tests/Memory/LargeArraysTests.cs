using System.Globalization;
using System.Runtime.InteropServices;
using Linalg.Memory;

namespace Linalg.Tests.Memory;

/// <summary>Large factor arrays: zeroed like any new array, and on Linux backed by huge pages where the kernel offers them.</summary>
public sealed class LargeArraysTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(LargeArrays.MinHugeBytes / sizeof(float) + 17)]
    [InlineData(16L << 20)]
    public void An_array_has_the_length_asked_for_and_holds_zeros(long length)
    {
        float[] values = LargeArrays.Floats(length);
        Assert.Equal(length, values.LongLength);
        Assert.True(values.AsSpan().IndexOfAnyExcept(0f) < 0);
    }

    /// <summary>
    /// Reads the process's own page map: the mapping around a 64 MB array must report huge pages when transparent huge
    /// pages are offered on request (<c>madvise</c> or <c>always</c>), as on the machines the benchmarks ran on.
    /// </summary>
    [Fact]
    public void A_large_array_lies_on_huge_pages_where_the_kernel_offers_them()
    {
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        bool offered = OperatingSystem.IsLinux() && File.Exists(setting) && !File.ReadAllText(setting).Contains("[never]", StringComparison.Ordinal);
        float[] values = LargeArrays.Floats(16L << 20);
        long address = Marshal.UnsafeAddrOfPinnedArrayElement(values, 0);      // the array is pinned: its address is stable
        const long hugePage = 2L << 20;
        long firstWholePage = (address + hugePage - 1) & ~(hugePage - 1);       // the partial pages at its ends are not advised
        long hugeKilobytes = OperatingSystem.IsLinux() ? HugeKilobytesAround(firstWholePage) : 0;
        Assert.True(offered == hugeKilobytes >= 2048, $"huge pages offered: {offered}; the array's mapping holds {hugeKilobytes} kB on huge pages");
        GC.KeepAlive(values);
    }

    /// <summary>AnonHugePages of the /proc/self/smaps mapping that contains <paramref name="address"/>.</summary>
    private static long HugeKilobytesAround(long address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-', StringComparison.Ordinal), space = line.IndexOf(' ', StringComparison.Ordinal);
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long start)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out long end))
                inside = start <= address && address < end;
            else if (inside && line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                return long.Parse(line["AnonHugePages:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }
}
