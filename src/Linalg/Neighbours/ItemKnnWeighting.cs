namespace Linalg.Neighbours;

/// <summary>How <see cref="ItemKnn"/> weights the play counts before taking cosines.</summary>
public enum ItemKnnWeighting
{
    /// <summary>Raw play counts: plain cosine of the items' columns.</summary>
    Cosine,

    /// <summary>BM25 weights (K1 = <see cref="ItemKnn.Bm25K1"/>, B = <see cref="ItemKnn.Bm25B"/>), then cosine.</summary>
    Bm25,
}
