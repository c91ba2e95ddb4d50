using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;

namespace Linalg.Tests.Als;

/// <summary>The Gram-trick loss against the brute-force sum over every user–item pair (the oracle).</summary>
public sealed class ImplicitLossTests
{
    [Theory]
    [InlineData(ConfidenceMode.Linear, 8, false)]
    [InlineData(ConfidenceMode.Log, 8, false)]
    [InlineData(ConfidenceMode.Linear, 16, false)]
    [InlineData(ConfidenceMode.Linear, 16, true)]
    [InlineData(ConfidenceMode.Log, 64, false)]
    public void Gram_trick_loss_equals_the_sum_over_every_pair(ConfidenceMode mode, int k, bool portable)
    {
        var random = new Random(10 + k);
        CsrMatrix userItems = RandomProblem.Block(random, 70, 45, density: 0.15, maxPlays: 300);
        FactorMatrix users = RandomProblem.Factors(random, 70, k, 0.3), items = RandomProblem.Factors(random, 45, k, 0.3);
        var options = new AlsOptions { Factors = k, Confidence = mode, Alpha = 1.5f, Regularization = 0.2f, PortableKernels = portable };

        LossValue loss = ImplicitLoss.Compute(userItems, users, items, options);

        double expected = 0, weight = 0;
        for (int u = 0; u < users.Rows; u++)
        {
            double[] confidence = RandomProblem.DenseConfidence(userItems, u, options);
            var played = new HashSet<int>(userItems.RowColumns(u).ToArray());
            for (int i = 0; i < items.Rows; i++)
            {
                double score = 0;
                for (int d = 0; d < k; d++) score += (double)users.Values[u * k + d] * items.Values[i * k + d];
                double preference = played.Contains(i) ? 1 : 0;
                expected += confidence[i] * (preference - score) * (preference - score);
                weight += confidence[i];
            }
        }
        for (int i = 0; i < users.Values.Length; i++) expected += options.Regularization * (double)users.Values[i] * users.Values[i];
        for (int i = 0; i < items.Values.Length; i++) expected += options.Regularization * (double)items.Values[i] * items.Values[i];

        Assert.Equal(expected, loss.Total, expected * 1e-5);
        Assert.Equal(expected / weight, loss.Normalized, expected / weight * 1e-5);
    }

    [Fact]
    public void Observed_terms_of_blocks_add_up_to_the_whole()
    {
        var random = new Random(20);
        CsrMatrix userItems = RandomProblem.Block(random, 3000, 100, density: 0.05);
        FactorMatrix users = RandomProblem.Factors(random, 3000, 16), items = RandomProblem.Factors(random, 100, 16);
        var options = new AlsOptions { Factors = 16 };
        ObservedLossTerms whole = ImplicitLoss.Observed(userItems, users, items, options);

        // Split rows 0..1499 and 1500..2999 into two blocks with their own CSR and factor rows.
        ObservedLossTerms sum = default;
        foreach ((int start, int count) in new[] { (0, 1500), (1500, 1500) })
        {
            int first = userItems.RowPointers[start], last = userItems.RowPointers[start + count];
            int[] pointers = userItems.RowPointers.AsSpan(start, count + 1).ToArray();
            for (int i = 0; i < pointers.Length; i++) pointers[i] -= first;
            var block = new CsrMatrix(count, 100, pointers, userItems.ColumnIndices[first..last], userItems.Values[first..last]);
            var rows = new FactorMatrix(count, 16, users.RowRange(start, count).ToArray());
            sum = sum.Add(ImplicitLoss.Observed(block, rows, items, options));
        }
        Assert.Equal(whole.Entries, sum.Entries);
        Assert.Equal(whole.Correction, sum.Correction, Math.Abs(whole.Correction) * 1e-12);
        Assert.Equal(whole.ConfidenceSum, sum.ConfidenceSum, whole.ConfidenceSum * 1e-12);
    }

    [Fact]
    public void Loss_is_bitwise_identical_for_any_thread_count()
    {
        var random = new Random(21);
        CsrMatrix userItems = RandomProblem.Block(random, 5000, 200, density: 0.05);
        FactorMatrix users = RandomProblem.Factors(random, 5000, 32), items = RandomProblem.Factors(random, 200, 32);
        LossValue one = ImplicitLoss.Compute(userItems, users, items, new AlsOptions { Factors = 32, Threads = 1 });
        LossValue four = ImplicitLoss.Compute(userItems, users, items, new AlsOptions { Factors = 32, Threads = 4 });
        Assert.Equal(one, four);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(1000)]
    public void Row_loss_terms_are_the_same_number_on_the_vector_and_scalar_paths_and_match_a_plain_sum(int entries)
    {
        var random = new Random(entries + 7);
        float[] confidence = [.. Enumerable.Range(0, entries).Select(_ => 1 + 40 * random.NextSingle())];
        float[] scores = [.. Enumerable.Range(0, entries).Select(_ => 2 * random.NextSingle() - 0.5f)];
        (double correction, double confidenceSum) = ImplicitLoss.RowTerms(confidence, scores, vectorized: true);
        Assert.Equal((correction, confidenceSum), ImplicitLoss.RowTerms(confidence, scores, vectorized: false));
        double expectedCorrection = 0, expectedSum = 0;
        for (int j = 0; j < entries; j++)
        {
            double c = confidence[j], s = scores[j];
            expectedCorrection += c * (1 - s) * (1 - s) - s * s;
            expectedSum += c;
        }
        Assert.Equal(expectedCorrection, correction, 1e-9 * Math.Max(1, Math.Abs(expectedCorrection)));
        Assert.Equal(expectedSum, confidenceSum, 1e-9 * Math.Max(1, expectedSum));
    }

    [Fact]
    public void Row_loss_terms_refuse_scores_of_another_length() =>
        Assert.Throws<ArgumentException>(() => ImplicitLoss.RowTerms(new float[32], new float[31]));
}
