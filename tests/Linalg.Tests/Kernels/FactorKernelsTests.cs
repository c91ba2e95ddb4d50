using Linalg.Kernels;

namespace Linalg.Tests.Kernels;

/// <summary>Each kernel on both paths against its scalar definition, over k and entry counts around the vector widths.</summary>
public sealed class FactorKernelsTests
{
    public static TheoryData<int, int> Shapes()
    {
        var data = new TheoryData<int, int>();
        foreach (int k in new[] { 16, 32, 48, 64, 80, 128 })
            foreach (int entries in new[] { 0, 1, 2, 3, 7, 33 })
                data.Add(k, entries);
        return data;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Kernels_match_their_scalar_definitions(int k, int entries)
    {
        var random = new Random(k * 100 + entries);
        int rows = 50;
        float[] factors = Values(random, rows * k), vector = Values(random, k), confidence = new float[entries], minusOne = new float[entries];
        int[] columns = new int[entries];
        for (int j = 0; j < entries; j++)
        {
            columns[j] = random.Next(rows);
            confidence[j] = 1 + random.Next(20);
            minusOne[j] = confidence[j] - 1;
        }
        foreach (bool wide in new[] { false, FactorKernels.UseWide(k) }.Distinct())
        {
            var weights = new float[entries];
            FactorKernels.GatherWeights<ResidualWeight>(factors, k, columns, vector, confidence, minusOne, weights, wide);
            for (int j = 0; j < entries; j++)
            {
                double dot = 0;
                for (int d = 0; d < k; d++) dot += (double)factors[columns[j] * k + d] * vector[d];
                Assert.Equal(confidence[j] - minusOne[j] * dot, weights[j], 1e-3);
            }

            float[] accumulator = Values(random, k), before = (float[])accumulator.Clone();
            FactorKernels.AddWeightedRows(factors, k, columns, weights, accumulator, wide);
            for (int d = 0; d < k; d++)
            {
                double expected = before[d];
                for (int j = 0; j < entries; j++) expected += (double)weights[j] * factors[columns[j] * k + d];
                Assert.Equal(expected, accumulator[d], 1e-3 * Math.Max(1, Math.Abs(expected)));
            }

            float[] gram = Values(random, k * k);
            for (int a = 0; a < k; a++) for (int b = 0; b < a; b++) gram[a * k + b] = gram[b * k + a];
            var product = new float[k];
            FactorKernels.SymmetricMultiply(gram, k, vector, product, wide);
            var viaRows = new float[k];                                  // its definition: G·v = ∑_d v_d·G[d, :], bit for bit
            FactorKernels.AddWeightedRows(gram, k, [.. Enumerable.Range(0, k)], vector, viaRows, wide);
            Assert.Equal(viaRows, product);
            for (int a = 0; a < k; a++)
            {
                double expected = 0;
                for (int b = 0; b < k; b++) expected += (double)gram[a * k + b] * vector[b];
                Assert.Equal(expected, product[a], 1e-4 * k);
            }
        }
    }

    public static TheoryData<int> EntryCounts() => [.. Enumerable.Range(0, 257)];

    /// <summary>
    /// The one-pass kernel against the two-pass kernels it replaces (bit for bit, at k = 64 where it is one pass and
    /// at a k where it is not) and against a double-precision dense reference, at every entry count 0–256 and on
    /// both paths.
    /// </summary>
    [Theory, MemberData(nameof(EntryCounts))]
    public void One_pass_gather_and_add_equals_the_two_passes_and_the_dense_reference(int entries)
    {
        foreach (int k in new[] { 64, 48 })
        {
            var random = new Random(entries * 7 + k);
            int rows = 300;
            float[] factors = Values(random, rows * k), vector = Values(random, k), confidence = new float[entries], minusOne = new float[entries];
            int[] columns = new int[entries];
            for (int j = 0; j < entries; j++)
            {
                columns[j] = random.Next(rows);
                confidence[j] = 1 + random.Next(40);
                minusOne[j] = confidence[j] - 1;
            }
            float[] start = Values(random, k);
            foreach (bool wide in new[] { false, FactorKernels.UseWide(k) }.Distinct())
            {
                float[] twoPassWeights = new float[entries], twoPass = (float[])start.Clone();
                FactorKernels.GatherWeights<ResidualWeight>(factors, k, columns, vector, confidence, minusOne, twoPassWeights, wide);
                FactorKernels.AddWeightedRows(factors, k, columns, twoPassWeights, twoPass, wide);

                float[] dots = new float[entries], scratch = new float[entries], onePass = (float[])start.Clone();
                FactorKernels.GatherAddWeightedRows<ResidualWeight>(factors, k, columns, vector, confidence, minusOne, dots, scratch, onePass, wide);

                var expectedDots = new float[entries];
                FactorKernels.GatherWeights<DotWeight>(factors, k, columns, vector, [], [], expectedDots, wide);
                Assert.Equal(expectedDots, dots);
                Assert.Equal(twoPass, onePass);
                for (int d = 0; d < k; d++)
                {
                    double expected = start[d], magnitude = Math.Abs(start[d]);
                    for (int j = 0; j < entries; j++)
                    {
                        double dot = 0;
                        for (int e = 0; e < k; e++) dot += (double)factors[columns[j] * k + e] * vector[e];
                        double term = (confidence[j] - minusOne[j] * dot) * factors[columns[j] * k + d];
                        expected += term;
                        magnitude += Math.Abs(term) + Math.Abs(minusOne[j] * factors[columns[j] * k + d]) * k;
                    }
                    // float32 rounding grows with the sum of the magnitudes involved, not with the (cancelling) result
                    Assert.Equal(expected, onePass[d], 1e-6 * magnitude + 1e-6);
                }
            }
        }
    }

    /// <summary>
    /// The horizontal sum the gathering kernels share against a double-precision sum, and the four-at-once form (shuffles
    /// across 512-bit registers with AVX-512, four single sums without) against four single sums, bit for bit, on values
    /// of mixed magnitude.
    /// </summary>
    [Fact]
    public void Four_horizontal_sums_at_once_equal_four_single_sums_bit_for_bit()
    {
        var random = new Random(77);
        for (int trial = 0; trial < 2000; trial++)
        {
            var vectors = new System.Runtime.Intrinsics.Vector512<float>[4];
            for (int v = 0; v < 4; v++)
            {
                float[] lanes = Values(random, 16);
                for (int lane = 0; lane < 16; lane++) lanes[lane] *= MathF.Pow(10, random.Next(-6, 7));
                vectors[v] = System.Runtime.Intrinsics.Vector512.Create(lanes);
                double exact = lanes.Sum(x => (double)x), magnitude = lanes.Sum(x => Math.Abs((double)x));
                Assert.Equal(exact, FactorKernels.HorizontalSum(vectors[v]), 4e-7 * magnitude);
            }
            System.Runtime.Intrinsics.Vector128<float> four = FactorKernels.HorizontalSums(vectors[0], vectors[1], vectors[2], vectors[3]);
            for (int v = 0; v < 4; v++) Assert.Equal(FactorKernels.HorizontalSum(vectors[v]), four[v]);
        }
    }

    private static float[] Values(Random random, int count)
    {
        var values = new float[count];
        for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        return values;
    }
}
