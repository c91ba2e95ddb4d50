using Linalg.Dense;
using Messages;

namespace Coordinator.Tests;

public sealed class GramPayloadTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(64)]
    public void A_gram_matrix_travels_as_its_upper_triangle_and_comes_back_bit_for_bit(int k)
    {
        double[] gram = GramMatrix.Compute(FactorMatrix.Random(500, k, seed: (ulong)k), threads: 1);   // symmetric, as every partial Gram is
        byte[] packed = GramPayload.Pack(gram);
        Assert.Equal(k * (k + 1) / 2 * sizeof(double), packed.Length);
        double[] back = GramPayload.Unpack(packed, k);
        Assert.Equal(gram.Select(BitConverter.DoubleToInt64Bits), back.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void A_payload_of_another_size_is_refused_naming_both_sizes()
    {
        byte[] packed = GramPayload.Pack(new double[16]);                       // k = 4: 10 values, 80 bytes
        var error = Assert.Throws<InvalidDataException>(() => GramPayload.Unpack(packed, 5));
        Assert.Contains("80 bytes", error.Message);
        Assert.Contains("5 × 5", error.Message);
        Assert.Throws<ArgumentException>(() => GramPayload.Pack(new double[15]));   // not k × k
    }
}
