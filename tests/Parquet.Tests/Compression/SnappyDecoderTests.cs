using FsCheck;
using FsCheck.Fluent;
using Parquet.Compression;

namespace Parquet.Tests.Compression;

/// <summary>Our Snappy decoder against IronSnappy's encoder (the oracle): every block it produces decodes back to the input.</summary>
public sealed class SnappyDecoderTests
{
    private static readonly ParquetLocation Here = new("snappy-test");

    /// <summary>Inputs with the shapes that exercise every element: random bytes, runs, short periods (1–15), long matches, sizes around 16.</summary>
    private static Gen<byte[]> Inputs() =>
        from length in Gen.Choose(0, 5000)
        from period in Gen.Choose(1, 15)
        from kind in Gen.Choose(0, 3)
        from seed in Gen.Choose(0, int.MaxValue)
        select Build(length, period, kind, seed);

    private static byte[] Build(int length, int period, int kind, int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
            bytes[i] = kind switch
            {
                0 => (byte)random.Next(256),
                1 => (byte)(i % period),
                2 => random.Next(20) == 0 ? (byte)random.Next(256) : (byte)(i / 64),
                _ => (byte)(i % period == 0 ? random.Next(4) : i % 7),
            };
        return bytes;
    }

    [Fact]
    public void Decodes_whatever_IronSnappy_encodes()
    {
        Prop.ForAll(Inputs().ToArbitrary(), input =>
        {
            byte[] block = IronSnappy.Snappy.Encode(input);
            var output = new byte[input.Length];
            SnappyDecoder.Decode(block, output, Here);
            return output.AsSpan().SequenceEqual(input);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(400));
    }

    [Theory]
    [InlineData(new byte[] { 5, 0x10, 1, 2, 3, 4, 5 }, 5, "")]                          // literal of 5: valid
    [InlineData(new byte[] { 8, 0x00, 7, 0x0D, 0x01 }, 8, "")]                          // 'a' then copy offset 1 × 7: a run
    [InlineData(new byte[] { 6, 0x00, 7, 0x09, 0x05 }, 6, "offset 5")]                  // copy from before the start
    [InlineData(new byte[] { 4, 0x0C, 1, 2 }, 4, "runs past")]                          // literal longer than the data
    [InlineData(new byte[] { 9, 0x00, 1 }, 9, "decoded to 1")]                          // data ends early
    [InlineData(new byte[] { 3, 0x00, 1 }, 4, "holds 3 bytes")]                         // header disagrees with the page
    public void Hand_built_blocks_decode_or_fail_with_the_reason(byte[] block, int size, string error)
    {
        var output = new byte[size];
        if (error.Length == 0)
        {
            SnappyDecoder.Decode(block, output, Here);
            Assert.Equal(size == 8 ? Enumerable.Repeat((byte)7, 8).ToArray() : new byte[] { 1, 2, 3, 4, 5 }, output);
            return;
        }
        Assert.Contains(error, Assert.Throws<ParquetFormatException>(() => SnappyDecoder.Decode(block, output, Here)).Message);
    }
}
