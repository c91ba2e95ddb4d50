namespace TestSupport;

/// <summary>
/// Item-KNN written the slow, obvious way on dense users × items arrays: the oracle the item-KNN tests (numerics and
/// command) compare against. Nothing here is shared with the code under test.
/// </summary>
public static class DenseItemKnn
{
    /// <summary>
    /// Weights w[u, i]: the plays themselves, or BM25 with items as documents and their listeners as terms:
    /// r (K1 + 1) / (K1 ((1 − B) + B lenᵢ / avg len) + r) · (ln(items) − ln(1 + |items of u|)).
    /// </summary>
    public static double[,] Weights(double[,] plays, bool bm25, double k1, double b)
    {
        ArgumentNullException.ThrowIfNull(plays);
        int users = plays.GetLength(0), items = plays.GetLength(1);
        if (!bm25) return (double[,])plays.Clone();
        var length = new double[items];
        var userItems = new int[users];
        for (int u = 0; u < users; u++)
            for (int i = 0; i < items; i++)
            {
                length[i] += plays[u, i];
                if (plays[u, i] != 0) userItems[u]++;
            }
        double average = length.Average();
        var result = new double[users, items];
        for (int u = 0; u < users; u++)
        {
            double idf = Math.Log(items) - Math.Log(1 + userItems[u]);
            for (int i = 0; i < items; i++)
            {
                if (plays[u, i] == 0) continue;
                double norm = 1 - b + b * length[i] / average;
                result[u, i] = plays[u, i] * (k1 + 1) / (k1 * norm + plays[u, i]) * idf;
            }
        }
        return result;
    }

    /// <summary>Cosine between item columns of <paramref name="weights"/>, 0 on the diagonal (an item is not its own neighbour).</summary>
    public static double[,] Cosine(double[,] weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int users = weights.GetLength(0), items = weights.GetLength(1);
        var sim = new double[items, items];
        for (int i = 0; i < items; i++)
            for (int j = 0; j < items; j++)
            {
                if (i == j) continue;
                double dot = 0, ni = 0, nj = 0;
                for (int u = 0; u < users; u++)
                {
                    dot += weights[u, i] * weights[u, j];
                    ni += weights[u, i] * weights[u, i];
                    nj += weights[u, j] * weights[u, j];
                }
                sim[i, j] = ni == 0 || nj == 0 ? 0 : dot / Math.Sqrt(ni * nj);
            }
        return sim;
    }

    /// <summary>Keeps each row's best <paramref name="neighbours"/> non-zero similarities (ties to the lower index), zeroes the rest.</summary>
    public static double[,] Truncate(double[,] sim, int neighbours)
    {
        ArgumentNullException.ThrowIfNull(sim);
        int items = sim.GetLength(0);
        var kept = new double[items, items];
        for (int i = 0; i < items; i++)
            foreach (int j in Enumerable.Range(0, items).Where(j => sim[i, j] != 0).OrderByDescending(j => sim[i, j]).ThenBy(j => j).Take(neighbours))
                kept[i, j] = sim[i, j];
        return kept;
    }

    /// <summary>
    /// Scores ∑ᵢ plays[u, i] · sim[i, j] of every item for <paramref name="user"/>, then the best <paramref name="count"/> items the user
    /// did not play, by (score descending, index ascending).
    /// </summary>
    public static (int Item, double Score)[] Top(double[,] plays, double[,] sim, int user, int count)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentNullException.ThrowIfNull(sim);
        int items = plays.GetLength(1);
        var scores = new double[items];
        for (int i = 0; i < items; i++)
            for (int j = 0; j < items; j++) scores[j] += plays[user, i] * sim[i, j];
        return [.. Enumerable.Range(0, items).Where(j => plays[user, j] == 0).OrderByDescending(j => scores[j]).ThenBy(j => j).Take(count).Select(j => (j, scores[j]))];
    }
}
