using Linalg.Sparse;
using Linalg.Training;

namespace Linalg.Als;

/// <summary>
/// What the BM25 confidence needs beyond a row: the document frequency of every item and the play total of every user,
/// counted once over the training rows (users × items) and stored with the run's parameters, so every block, on any
/// worker, weighs its entries with the same numbers. The weight is <c>implicit</c>'s <c>bm25_weight</c> on the
/// user × item matrix: wᵤᵢ = rᵤᵢ·(K1 + 1) / (K1·normᵤ + rᵤᵢ) · idfᵢ with normᵤ = 1 − B + B·lenᵤ / mean(len) and
/// idfᵢ = ln N − ln(1 + dfᵢ), N the users, lenᵤ the plays of user u and dfᵢ the users who played item i.
/// </summary>
/// <param name="Users">N, the users of the training matrix (empty rows included, as in <c>implicit</c>).</param>
/// <param name="AverageLength">The mean of <paramref name="UserLengths"/> over all N users.</param>
/// <param name="ItemDocuments">dfᵢ, users with a training entry for item i.</param>
/// <param name="UserLengths">lenᵤ, the training plays of user u (<see cref="RowLength"/>).</param>
public sealed record Bm25Statistics(int Users, double AverageLength, int[] ItemDocuments, float[] UserLengths)
{
    /// <summary>K1, the saturation of play counts: <c>implicit</c>'s default, so a count stops mattering around 100 plays.</summary>
    public const double K1 = 100;

    /// <summary>B, how much a user's total plays discount each count: <c>implicit</c>'s default.</summary>
    public const double B = 0.8;

    /// <summary>Counts the statistics over <paramref name="userItems"/> (users × items, the training rows).</summary>
    public static Bm25Statistics From(CsrMatrix userItems)
    {
        ArgumentNullException.ThrowIfNull(userItems);
        var documents = new int[userItems.Columns];
        var lengths = new float[userItems.Rows];
        double total = 0;
        for (int user = 0; user < userItems.Rows; user++)
        {
            foreach (int item in userItems.RowColumns(user)) documents[item]++;
            lengths[user] = RowLength(userItems.RowValues(user));
            total += lengths[user];
        }
        return new Bm25Statistics(userItems.Rows, userItems.Rows == 0 ? 0 : total / userItems.Rows, documents, lengths);
    }

    /// <summary>lenᵤ of one user's plays, summed in order in double: the same number whichever block holds the row.</summary>
    public static float RowLength(ReadOnlySpan<float> plays)
    {
        double sum = 0;
        foreach (float value in plays) sum += value;
        return (float)sum;
    }

    /// <summary>
    /// idf = ln N − ln(1 + df), floored at 0: an item (nearly) every user played gets weight 0 and confidence 1, never
    /// a negative weight that would make a row system indefinite.
    /// </summary>
    public double InverseDocumentFrequency(int documents) => Math.Max(0, Math.Log(Users) - Math.Log(1.0 + documents));

    /// <summary>norm = 1 − B + B·len / mean(len).</summary>
    public double LengthNorm(float length) => AverageLength > 0 ? 1 - B + B * length / AverageLength : 1;

    // Every half-step weighs every entry: the two logarithms of an idf and the division of a norm cost more than the
    // solve's own work on the entry, so each is computed once per item and per user (same values, so same results).
    private double[]? _inverseDocumentFrequencies, _lengthNorms;

    private double[] InverseDocumentFrequencies => _inverseDocumentFrequencies ??= [.. ItemDocuments.Select(InverseDocumentFrequency)];

    private double[] LengthNorms => _lengthNorms ??= [.. UserLengths.Select(LengthNorm)];

    /// <summary>The weight of <paramref name="plays"/> given the item's idf and the user's norm.</summary>
    public static double Weight(float plays, double inverseDocumentFrequency, double lengthNorm) =>
        plays * (K1 + 1) / (K1 * lengthNorm + plays) * inverseDocumentFrequency;

    /// <summary>The largest weight any entry can get: (K1 + 1)·ln N, the bound of the saturation times the largest idf.</summary>
    public static double MaxWeight(int users) => (K1 + 1) * Math.Log(Math.Max(users, 1));

    /// <summary>cⱼ = 1 + α·wⱼ for the entries of row <paramref name="row"/> of <paramref name="block"/>, whose <see cref="CsrMatrix.RowSide"/> says whether it is a user's row or an item's.</summary>
    /// <exception cref="InvalidOperationException">The block does not say which side its rows are.</exception>
    public void Confidences(CsrMatrix block, int row, float alpha, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(block);
        ReadOnlySpan<int> columns = block.RowColumns(row);
        ReadOnlySpan<float> plays = block.RowValues(row);
        switch (block.RowSide)
        {
            case FactorSide.Users:
                UserConfidences(columns, plays, alpha, destination);
                break;
            case FactorSide.Items:
                double idf = InverseDocumentFrequency(columns.Length);            // the item's users are its whole row
                double[] norms = LengthNorms;
                for (int j = 0; j < plays.Length; j++)
                    destination[j] = (float)(1 + alpha * Weight(plays[j], idf, norms[columns[j]]));
                break;
            default:
                throw new InvalidOperationException("The bm25 confidence needs to know whether a block's rows are users or items; this block does not say.");
        }
    }

    /// <summary>cⱼ = 1 + α·wⱼ for one user's row: the played <paramref name="items"/> and their <paramref name="plays"/>.</summary>
    public void UserConfidences(ReadOnlySpan<int> items, ReadOnlySpan<float> plays, float alpha, Span<float> destination)
    {
        double norm = LengthNorm(RowLength(plays));
        double[] idf = InverseDocumentFrequencies;
        for (int j = 0; j < plays.Length; j++)
            destination[j] = (float)(1 + alpha * Weight(plays[j], idf[items[j]], norm));
    }
}
