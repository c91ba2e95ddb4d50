using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Linalg.Memory;

/// <summary>
/// Allocates the large float arrays that the solver gathers rows from at random (the factor matrices) on 2 MB pages
/// where the operating system offers them on request (Linux transparent huge pages in <c>madvise</c> mode, the common
/// default). A half-step reads a 256-byte row at a data-dependent address for every entry: on 4 KB pages nearly every
/// such read of a 41–92 MB matrix also misses the TLB and walks the page tables; on 2 MB pages the whole matrix needs a
/// few dozen TLB entries.
/// </summary>
public static partial class LargeArrays
{
    /// <summary>Below this many bytes an array spans a few pages at most: the ordinary allocation serves it.</summary>
    internal const long MinHugeBytes = 4L << 20;

    /// <summary>The huge page size of x86-64 and arm64 Linux.</summary>
    private const long HugePageBytes = 2L << 20;

    /// <summary><c>MADV_HUGEPAGE</c> of Linux's madvise(2).</summary>
    private const int AdviseHugePage = 14;

    /// <summary><c>MADV_DONTNEED</c> of Linux's madvise(2): the range's pages are dropped and read back as zeros.</summary>
    private const int AdviseDontNeed = 4;

    /// <summary>
    /// A zeroed float array of <paramref name="length"/> values; at least <see cref="MinHugeBytes"/> on Linux, pinned
    /// (so its pages stay where they were advised) and advised onto huge pages before it is first touched.
    /// </summary>
    public static float[] Floats(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (length * sizeof(float) < MinHugeBytes || !OperatingSystem.IsLinux()) return new float[length];
        float[] values = GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true);
        AdviseHugePages(values);
        Array.Clear(values);                                   // the first touch: faults the advised range in on huge pages
        return values;
    }

    /// <summary>
    /// Advises the whole 2 MB pages inside <paramref name="values"/>, then drops the small pages they may already have
    /// (memory the runtime reuses was touched before; the array is about to be zeroed anyway), so the next touch faults
    /// huge pages in. The kernel may decline, which only costs speed.
    /// </summary>
    private static unsafe void AdviseHugePages(float[] values)
    {
        long start = (long)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(values));
        long end = start + (long)values.Length * sizeof(float);
        long first = (start + HugePageBytes - 1) & ~(HugePageBytes - 1), last = end & ~(HugePageBytes - 1);
        if (last <= first || !s_canAdvise) return;
        try
        {
            if (Madvise((nint)first, (nuint)(last - first), AdviseHugePage) == 0)
                _ = Madvise((nint)first, (nuint)(last - first), AdviseDontNeed);  // only pages wholly inside this array
        }
        catch (Exception error) when (error is DllNotFoundException or EntryPointNotFoundException)
        {
            s_canAdvise = false;          // a C library the runtime cannot bind by this name: small pages, only slower
        }
    }

    /// <summary>False once madvise could not be bound; the arrays then stay on ordinary pages.</summary>
    private static bool s_canAdvise = true;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
