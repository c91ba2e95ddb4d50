using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Linalg.Kernels;

/// <summary>
/// Whether the kernels written with <see cref="Vector512{T}"/> (the "wide" paths of <see cref="FactorKernels"/>,
/// <c>GramMatrix</c>, <c>ItemScorer</c>, the loss and top-K) run at hardware speed here: the one switch they all share.
/// </summary>
/// <remarks>
/// <para>With AVX-512 every 512-bit operation is one instruction. With AVX2 and FMA but no AVX-512, the JIT carries each
/// one out on the two 256-bit halves of the vector. Lane by lane that is the same arithmetic (an FMA stays fused, a
/// widening stays exact), and the wide kernels reduce across lanes only in orders they spell out themselves
/// (<see cref="FactorKernels.HorizontalSum"/>, never <c>Vector512.Sum</c>), so both machines compute the same floats.
/// On the 360k benchmark shape the two-halves form ran as fast as the same loop written with <see cref="Vector256{T}"/>
/// by hand (bench/README.md, "The wide kernels on AVX2").</para>
/// <para>Without FMA a fused multiply-add would be computed in scalar code, slower than the portable
/// <c>TensorPrimitives</c> path, so such machines (and Arm, not measured here) keep the portable path.</para>
/// </remarks>
internal static class WideVectors
{
    /// <summary>True with AVX-512, or with AVX2 and FMA; made of JIT-time constants, so it is one itself.</summary>
    public static bool IsAccelerated => Vector512.IsHardwareAccelerated || (Vector256.IsHardwareAccelerated && Fma.IsSupported);

    /// <summary>
    /// True where a 512-bit vector is one register (AVX-512: 32 of them); false where it is two 256-bit halves (AVX2: 16
    /// registers, so 8 vectors at most). Kernels that keep many 512-bit accumulators take smaller steps when false, with
    /// the same operations in the same order for every result.
    /// </summary>
    public static bool InOneRegister => Avx512F.IsSupported;
}
