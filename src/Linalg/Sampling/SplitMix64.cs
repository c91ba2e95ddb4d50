namespace Linalg.Sampling;

/// <summary>
/// A small, fast, seeded pseudo-random generator (SplitMix64, Steele, Lea and Flood 2014). The same seed gives
/// the same sequence on every machine and .NET version, which <see cref="System.Random"/> does not promise.
/// </summary>
/// <remarks>
/// Determinism across threads and workers comes from deriving one generator per unit of work
/// (<see cref="Derive(ulong, ulong)"/>: a user, a block) instead of sharing one: then the result does not
/// depend on which thread ran which unit, nor in which order. It is a mutable struct: pass it by
/// <c>ref</c>, a copy replays the same numbers.
/// </remarks>
public struct SplitMix64
{
    /// <summary>Golden-ratio increment of SplitMix64 (2⁶⁴/φ, odd).</summary>
    private const ulong Increment = 0x9E3779B97F4A7C15UL;

    /// <summary>2⁻⁵³: turns the top 53 bits of a draw into a double in [0, 1).</summary>
    private const double UnitScale = 1.0 / (1UL << 53);

    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>A generator for one unit of work (<paramref name="stream"/>: user index, block id, …) under <paramref name="seed"/>.</summary>
    public static SplitMix64 Derive(ulong seed, ulong stream) => new(Mix(seed ^ Mix(stream + Increment)));

    /// <summary>The SplitMix64 finaliser: a bijective 64-bit hash with good avalanche, used to derive seeds.</summary>
    public static ulong Mix(ulong value)
    {
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>The next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += Increment;
        return Mix(_state);
    }

    /// <summary>A uniform double in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * UnitScale;

    /// <summary>A uniform float in [0, 1).</summary>
    public float NextSingle() => (NextUInt64() >> 40) * (1f / (1 << 24));

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias (Lemire's multiply-shift with rejection).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bound"/> is not positive.</exception>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);
        ulong range = (ulong)bound;
        ulong threshold = (0UL - range) % range;   // = 2⁶⁴ mod range: draws below it would bias the result
        while (true)
        {
            UInt128 product = (UInt128)NextUInt64() * range;
            if ((ulong)product >= threshold) return (int)(ulong)(product >> 64);
        }
    }

    /// <summary>A standard normal draw (Box–Muller; one draw per call, the second value is discarded to keep the state simple).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - NextDouble();            // (0, 1]: keeps the logarithm finite
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
