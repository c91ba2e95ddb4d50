using System.Buffers;
using FsCheck;
using FsCheck.Fluent;
using Parquet.Encodings;

namespace Parquet.Tests.Encodings;

/// <summary>The hybrid RLE and delta encodings: hand-built bytes from Encodings.md, and encoder/decoder round trips.</summary>
public sealed class EncodingTests
{
    [Fact]
    public void Hybrid_decoder_reads_an_RLE_run_then_a_bit_packed_run()
    {
        // RLE run: header 8 (4 << 1) with value 5 (bit width 3 → 1 byte); bit-packed: header 3 (1 group) with 0..7 at 3 bits.
        byte[] bytes = [0x08, 0x05, 0x03, 0x88, 0xC6, 0xFA];
        var cursor = new PageCursor(bytes, new ParquetLocation("t"));
        var values = new int[12];
        RleBitPackedDecoder.Decode(ref cursor, 3, values, "test");
        Assert.Equal([5, 5, 5, 5, 0, 1, 2, 3, 4, 5, 6, 7], values);
    }

    [Fact]
    public void Hybrid_decoder_rejects_a_value_wider_than_the_bit_width_and_a_short_run()
    {
        byte[] tooWide = [0x08, 0x09];                            // value 9 in a 3-bit column
        Assert.Contains("does not fit 3 bits", Assert.Throws<ParquetFormatException>(() =>
        {
            var cursor = new PageCursor(tooWide, new ParquetLocation("t"));
            RleBitPackedDecoder.Decode(ref cursor, 3, new int[4], "test");
        }).Message);
        byte[] ended = [0x04, 0x01];                              // two values, four asked
        Assert.Contains("ends after 2 of 4", Assert.Throws<ParquetFormatException>(() =>
        {
            var cursor = new PageCursor(ended, new ParquetLocation("t"));
            RleBitPackedDecoder.Decode(ref cursor, 1, new int[4], "test");
        }).Message);
    }

    [Fact]
    public void Hybrid_encoding_round_trips()
    {
        var cases = from width in Gen.Choose(0, 20)
                    from values in Gen.ArrayOf(Gen.Choose(0, 3))
                    select (width, values);
        Prop.ForAll(cases.ToArbitrary(), testCase =>
        {
            (int width, int[] pattern) = testCase;
            int maximum = width == 0 ? 0 : (1 << width) - 1;
            int[] values = [.. pattern.SelectMany((p, i) => Enumerable.Repeat(Math.Min(maximum, p * 37 % (maximum + 1)), 1 + i % 13))];
            var output = new ArrayBufferWriter<byte>();
            RleBitPackedEncoder.Encode(values, width, output);
            var cursor = new PageCursor(output.WrittenSpan, new ParquetLocation("t"));
            var decoded = new int[values.Length];
            RleBitPackedDecoder.Decode(ref cursor, width, decoded, "test");
            return decoded.SequenceEqual(values);
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Delta_binary_packed_round_trips_including_overflowing_deltas()
    {
        Prop.ForAll(ArbMap.Default.ArbFor<long[]>(), values =>
        {
            var output = new ArrayBufferWriter<byte>();
            DeltaBinaryPackedEncoder.Encode(values, output);
            var cursor = new PageCursor(output.WrittenSpan, new ParquetLocation("t"));
            var decoded = new long[values.Length];
            DeltaBinaryPackedDecoder.Decode(ref cursor, decoded, "test");
            return decoded.SequenceEqual(values) && cursor.Remaining == 0;
        }).QuickCheckThrowOnFailure();
        long[] extremes = [long.MaxValue, long.MinValue, 0, long.MaxValue, -1];
        var buffer = new ArrayBufferWriter<byte>();
        DeltaBinaryPackedEncoder.Encode(extremes, buffer);
        var reader = new PageCursor(buffer.WrittenSpan, new ParquetLocation("t"));
        var back = new long[5];
        DeltaBinaryPackedDecoder.Decode(ref reader, back, "test");
        Assert.Equal(extremes, back);
    }

    [Fact]
    public void Delta_header_with_an_invalid_block_layout_is_rejected()
    {
        byte[] bytes = [100, 4, 1, 0];                              // block size 100: not a multiple of 128
        Assert.Contains("not a valid layout", Assert.Throws<ParquetFormatException>(() =>
        {
            var cursor = new PageCursor(bytes, new ParquetLocation("t"));
            DeltaBinaryPackedDecoder.Decode(ref cursor, new long[1], "test");
        }).Message);
    }
}
