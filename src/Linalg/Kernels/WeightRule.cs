namespace Linalg.Kernels;

/// <summary>
/// How a gathered dot product t = yⱼ·v becomes the weight wⱼ of row yⱼ in ∑ⱼ wⱼyⱼ. A static abstract member,
/// so the JIT compiles one specialised loop per rule with no call or branch per entry.
/// </summary>
internal interface IWeightRule
{
    /// <summary>The weight of one entry from its dot product, confidence c and c − 1.</summary>
    static abstract float Weight(float dot, float confidence, float confidenceMinusOne);
}

/// <summary>w = t: plain dot products (scores, loss).</summary>
internal readonly struct DotWeight : IWeightRule
{
    public static float Weight(float dot, float confidence, float confidenceMinusOne) => dot;
}

/// <summary>
/// w = c − (c − 1)·t: the observed part of the CG residual r = b − Ax, since b = ∑ cⱼyⱼ and the observed
/// part of Ax is ∑ (cⱼ − 1)(yⱼ·x)yⱼ.
/// </summary>
internal readonly struct ResidualWeight : IWeightRule
{
    public static float Weight(float dot, float confidence, float confidenceMinusOne) => confidence - confidenceMinusOne * dot;
}

/// <summary>w = (c − 1)·t: the observed part of A·p = (YᵀY + λI)p + ∑ (cⱼ − 1)(yⱼ·p)yⱼ.</summary>
internal readonly struct ProductWeight : IWeightRule
{
    public static float Weight(float dot, float confidence, float confidenceMinusOne) => confidenceMinusOne * dot;
}
