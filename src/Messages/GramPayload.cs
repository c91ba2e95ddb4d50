using System.Buffers.Binary;

namespace Messages;

/// <summary>
/// The partial Gram matrix a <see cref="BlockSolved"/> carries: FᵀF is symmetric (its lower triangle is a mirror of the
/// upper, bit for bit), so only the upper triangle travels, row by row, as little-endian doubles: k(k + 1)/2 values
/// instead of k², about half the bytes every block answer puts on the network.
/// </summary>
public static class GramPayload
{
    /// <summary>The upper triangle of the k × k symmetric <paramref name="gram"/> (row-major), as bytes.</summary>
    /// <exception cref="ArgumentException"><paramref name="gram"/> is empty or its length is not a square.</exception>
    public static byte[] Pack(ReadOnlySpan<double> gram)
    {
        int k = (int)Math.Round(Math.Sqrt(gram.Length));
        if (k < 1 || gram.Length != k * k)
            throw new ArgumentException($"A Gram matrix is k × k values; {gram.Length} is not a square.", nameof(gram));
        var bytes = new byte[TriangleLength(k) * sizeof(double)];
        int offset = 0;
        for (int row = 0; row < k; row++)
            for (int column = row; column < k; column++, offset += sizeof(double))
                BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(offset), gram[row * k + column]);
        return bytes;
    }

    /// <summary>The whole k × k matrix (row-major) from its packed upper triangle, the lower triangle mirrored.</summary>
    /// <exception cref="InvalidDataException">The payload is not the upper triangle of a k × k matrix of doubles.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1.</exception>
    public static double[] Unpack(byte[] bytes, int k)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        if (bytes.Length != TriangleLength(k) * sizeof(double))
            throw new InvalidDataException($"A partial Gram matrix of {bytes.Length} bytes is not the upper triangle of a {k} × {k} matrix " +
                $"({TriangleLength(k) * sizeof(double)} bytes).");
        var gram = new double[k * k];
        int offset = 0;
        for (int row = 0; row < k; row++)
            for (int column = row; column < k; column++, offset += sizeof(double))
                gram[row * k + column] = gram[column * k + row] = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(offset));
        return gram;
    }

    /// <summary>Values in the upper triangle of a k × k matrix, its diagonal included.</summary>
    public static int TriangleLength(int k) => k * (k + 1) / 2;
}
