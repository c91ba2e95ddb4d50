namespace Linalg.Als;

/// <summary>How a play count r becomes a confidence c (Hu, Koren, Volinsky 2008, section 4).</summary>
public enum ConfidenceMode
{
    /// <summary>c = 1 + α·r.</summary>
    Linear,

    /// <summary>c = 1 + α·ln(1 + r/ε): damps the heavy tail of play counts.</summary>
    Log,

    /// <summary>c = 1 + α·w, w the BM25 weight of r (<see cref="Bm25Statistics"/>): saturates heavy listeners' counts and discounts popular items.</summary>
    Bm25,
}
