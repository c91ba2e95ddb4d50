using System.Globalization;
using System.Runtime.InteropServices;
using Linalg.Memory;

namespace Linalg.Tests.Memory;

/// <summary>
/// The kernels' buffers: zeroed like any new array, starting on a 64-byte boundary whatever their size, and on Linux
/// backed by huge pages where the kernel offers them.
/// </summary>
public sealed class AlignedFloatsTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(64)]
    [InlineData(1000)]
    [InlineData(AlignedFloats.MinHugeBytes / sizeof(float) + 17)]
    [InlineData(16L << 20)]
    public void A_buffer_has_the_length_asked_for_holds_zeros_and_starts_on_a_64_byte_boundary(long length)
    {
        ArraySegment<float> values = AlignedFloats.Allocate(length);
        Assert.Equal(length, values.Count);
        Assert.True(values.AsSpan().IndexOfAnyExcept(0f) < 0);
        Assert.True(AlignedFloats.IsAligned(values), $"{length} floats start at {Address(values) % 64} bytes past a 64-byte boundary");
    }

    /// <summary>
    /// Many buffers of awkward sizes in a row, with garbage collections between them: the runtime places arrays on any
    /// multiple of 8 bytes, so without the slack about seven in eight would start off a boundary, and a pinned buffer
    /// must not move.
    /// </summary>
    [Fact]
    public void Every_buffer_starts_on_a_boundary_and_stays_there()
    {
        var buffers = new List<ArraySegment<float>>();
        for (int i = 0; i < 200; i++)
        {
            buffers.Add(AlignedFloats.Allocate(1 + i * 37 % 500));
            _ = new byte[8 * (i % 9) + 24];                            // shifts where the next array lands
            if (i % 50 == 0) GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
        long[] before = [.. buffers.Select(Address)];
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        Assert.All(buffers, buffer => Assert.True(AlignedFloats.IsAligned(buffer)));
        Assert.Equal(before, buffers.Select(Address));
    }

    [Fact]
    public void A_factor_matrix_and_its_clone_start_on_a_boundary()
    {
        var matrix = Linalg.Dense.FactorMatrix.Random(1_000, 64, seed: 3);
        Assert.True(AlignedFloats.IsAligned(matrix.Values));
        Linalg.Dense.FactorMatrix copy = matrix.Clone();
        Assert.True(AlignedFloats.IsAligned(copy.Values));
        Assert.Equal(matrix.ToArray(), copy.ToArray());
    }

    [Fact]
    public void A_length_beyond_one_array_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedFloats.Allocate(Array.MaxLength));
        Assert.Throws<ArgumentOutOfRangeException>(() => AlignedFloats.Allocate(-1));
    }

    /// <summary>Where the buffer's first value is (the array is pinned, so this stays true).</summary>
    private static long Address(ArraySegment<float> values) => Marshal.UnsafeAddrOfPinnedArrayElement(values.Array!, values.Offset);

    /// <summary>
    /// Reads the process's own page map: the mapping around a 64 MB array must report huge pages when transparent huge
    /// pages are offered on request (<c>madvise</c> or <c>always</c>), as on the machines the benchmarks ran on.
    /// </summary>
    [Fact]
    public void A_large_array_lies_on_huge_pages_where_the_kernel_offers_them()
    {
        const string setting = "/sys/kernel/mm/transparent_hugepage/enabled";
        bool offered = OperatingSystem.IsLinux() && File.Exists(setting) && !File.ReadAllText(setting).Contains("[never]", StringComparison.Ordinal);
        ArraySegment<float> values = AlignedFloats.Allocate(16L << 20);
        long address = Address(values);                                         // the array is pinned: its address is stable
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
