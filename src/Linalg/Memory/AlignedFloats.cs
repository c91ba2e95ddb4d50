using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Linalg.Memory;

/// <summary>
/// Allocates the float buffers that the kernels load in whole 64-byte vectors (factor matrices, the Gram matrix, a
/// row's CG vectors): each starts on a 64-byte boundary, and a large one lies on 2 MB pages where the operating system
/// offers them on request (Linux transparent huge pages in <c>madvise</c> mode, the common default).
/// </summary>
/// <remarks>
/// <para>Alignment: the runtime places an array's values on any multiple of 8 bytes. A 64-float row that starts off a
/// 64-byte boundary spans five cache lines instead of four, and each of its four 512-bit loads straddles two lines. On
/// the AMD EPYC machines this project is measured on (bench/alignment), that makes random row gathers ~1.4× and the
/// 64 × 64 Gram product, which stays in L1, ~1.65× as slow; which of the two a run got was left to chance. The buffer
/// here is a pinned array (its address never changes) with 15 floats of slack, and the segment starts at the first
/// boundary inside it.</para>
/// <para>Huge pages: a half-step reads a 256-byte row at a data-dependent address for every entry. On 4 KB pages nearly
/// every such read of a 41–92 MB matrix also misses the TLB and walks the page tables; on 2 MB pages the whole matrix
/// needs a few dozen TLB entries.</para>
/// </remarks>
public static partial class AlignedFloats
{
    /// <summary>The boundary every buffer starts on: a cache line, and the width of a <c>Vector512</c>.</summary>
    public const int AlignmentBytes = 64;

    /// <summary>Floats of slack past the array's own start that always contain a boundary.</summary>
    private const int Slack = AlignmentBytes / sizeof(float) - 1;

    /// <summary>Below this many bytes a buffer spans a few pages at most: it is not advised onto huge pages.</summary>
    internal const long MinHugeBytes = 4L << 20;

    /// <summary>The huge page size of x86-64 and arm64 Linux.</summary>
    private const long HugePageBytes = 2L << 20;

    /// <summary><c>MADV_HUGEPAGE</c> of Linux's madvise(2).</summary>
    private const int AdviseHugePage = 14;

    /// <summary><c>MADV_DONTNEED</c> of Linux's madvise(2): the range's pages are dropped and read back as zeros.</summary>
    private const int AdviseDontNeed = 4;

    /// <summary>
    /// <paramref name="length"/> zeros starting on a 64-byte boundary, in a pinned array; from <see cref="MinHugeBytes"/>
    /// on Linux, advised onto huge pages before it is first touched.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is negative or, with the slack, exceeds one array.</exception>
    public static ArraySegment<float> Allocate(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Array.MaxLength - Slack);
        float[] array = GC.AllocateUninitializedArray<float>((int)length + Slack, pinned: true);
        var values = new ArraySegment<float>(array, OffsetToBoundary(array), (int)length);
        if (length * sizeof(float) >= MinHugeBytes && OperatingSystem.IsLinux()) AdviseHugePages(array);
        Array.Clear(array);                                    // the first touch: faults an advised range in on huge pages
        return values;
    }

    /// <summary>Whether <paramref name="values"/> starts on a 64-byte boundary (now: an unpinned array may move).</summary>
    public static unsafe bool IsAligned(ReadOnlySpan<float> values) =>
        (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetReference(values)) % AlignmentBytes == 0;

    /// <summary>Floats from the start of the pinned <paramref name="array"/> to the first 64-byte boundary.</summary>
    private static unsafe int OffsetToBoundary(float[] array)
    {
        nuint address = (nuint)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array));
        return (int)((AlignmentBytes - address % AlignmentBytes) % AlignmentBytes / sizeof(float));
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
