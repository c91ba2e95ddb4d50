using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using System.Runtime.InteropServices;
using Data.Factors;
using Linalg.Dense;
using Linalg.Training;

namespace Data.Tests.Factors;

public sealed class FactorFileTests
{
    [Fact]
    public void Factors_round_trip_with_their_header()
    {
        using var folder = new TemporaryDirectory();
        FactorMatrix factors = FactorMatrix.Random(37, 16, seed: 1);
        var header = new FactorBlockHeader(FactorSide.Items, Block: 3, FirstRow: 1_000_000, Rows: 37, Factors: 16, Iteration: 9);
        uint written = FactorFile.Write(folder.File("b.arrow"), header, factors.Memory);
        (FactorBlockHeader read, FactorMatrix values) = FactorFile.Read(folder.File("b.arrow"), out uint crc);
        Assert.Equal(header, read);
        Assert.Equal(factors.Values, values.Values);
        Assert.Equal(written, crc);
        Assert.Equal(written, Data.Checksums.Crc32.Compute(File.ReadAllBytes(folder.File("b.arrow"))));   // the CRC-32 of the whole file
        Assert.Single(Directory.GetFiles(folder.Path));                        // no temporary file left behind
    }

    [Fact]
    public void A_block_larger_than_the_gathered_writes_round_trips_from_the_middle_of_an_array()
    {
        // 3,000 rows × 16: the values (192 KB) go to the file directly, the Arrow framing around them is gathered; the
        // rows are a slice of a longer array, so the values are taken from an offset, not from the array's start.
        using var folder = new TemporaryDirectory();
        FactorMatrix all = FactorMatrix.Random(3_100, 16, seed: 5);
        ReadOnlyMemory<float> slice = all.Memory.Slice(50 * 16, 3_000 * 16);
        var header = new FactorBlockHeader(FactorSide.Users, Block: 1, FirstRow: 50, Rows: 3_000, Factors: 16, Iteration: 2);
        uint written = FactorFile.Write(folder.File("big.arrow"), header, slice);
        (FactorBlockHeader read, FactorMatrix values) = FactorFile.Read(folder.File("big.arrow"), out uint crc);
        Assert.Equal(header, read);
        Assert.Equal(slice.ToArray(), values.Values);
        Assert.Equal(written, crc);
        Assert.Equal(written, Data.Checksums.Crc32.Compute(File.ReadAllBytes(folder.File("big.arrow"))));
    }

    [Fact]
    public void An_empty_block_round_trips()
    {
        using var folder = new TemporaryDirectory();
        var header = new FactorBlockHeader(FactorSide.Users, 0, 0, 0, 4, 1);
        FactorFile.Write(folder.File("e.arrow"), header, ReadOnlyMemory<float>.Empty);
        Assert.Equal(header, FactorFile.Read(folder.File("e.arrow")).Header);
    }

    [Fact]
    public void Apache_Arrow_reads_the_file_as_the_documented_schema()
    {
        using var folder = new TemporaryDirectory();
        FactorMatrix factors = FactorMatrix.Random(5, 3, seed: 4);
        FactorFile.Write(folder.File("u.arrow"), FactorSide.Users, 7, factors);
        using var stream = File.OpenRead(folder.File("u.arrow"));
        using var reader = new ArrowFileReader(stream);
        using RecordBatch batch = reader.ReadNextRecordBatch();
        Schema schema = reader.Schema;
        Assert.Equal(["index", "factors"], schema.FieldsList.Select(field => field.Name));
        Assert.IsType<Int32Type>(schema.FieldsList[0].DataType);
        var list = Assert.IsType<FixedSizeListType>(schema.FieldsList[1].DataType);
        Assert.Equal(3, list.ListSize);
        Assert.IsType<FloatType>(list.ValueDataType);
        Assert.Equal("users", schema.Metadata["side"]);
        Assert.Equal("7", schema.Metadata["iteration"]);
        Assert.Equal("3", schema.Metadata["k"]);
        Assert.Equal("0", schema.Metadata["first_row"]);
        Assert.Equal([0, 1, 2, 3, 4], ((Int32Array)batch.Column(0)).Values.ToArray());
        var values = (FloatArray)((FixedSizeListArray)batch.Column(1)).Values;
        Assert.Equal(factors.ToArray(), values.Values.ToArray());
    }

    [Fact]
    public void Our_files_are_read_in_place_and_a_file_with_its_schema_only_in_the_footer_through_the_file_reader()
    {
        using var folder = new TemporaryDirectory();
        FactorMatrix factors = FactorMatrix.Random(50, 8, seed: 4);
        FactorFile.Write(folder.File("b.arrow"), FactorSide.Items, 1, factors);
        byte[] ours = File.ReadAllBytes(folder.File("b.arrow"));
        (ArrowStreamReader reader, RecordBatch? batch) = FactorFile.OpenBatch("b.arrow", ours, ours.Length);
        using (reader)
        using (batch)
        {
            Assert.IsNotType<ArrowFileReader>(reader);
            // In place: the values the batch gives lie inside the file's own bytes, not in a copy.
            ReadOnlySpan<float> values = ((FloatArray)((FixedSizeListArray)batch!.Column(1)).Values).Values;
            Assert.True(ours.AsSpan().Overlaps(MemoryMarshal.AsBytes(values)));
            Assert.Equal(factors.ToArray(), values.ToArray());
        }

        // Arrow JS keeps the schema in the footer alone: the stream reader cannot start there, Arrow's file reader can.
        byte[] golden = File.ReadAllBytes(Path.Combine(RepositoryPaths.Root, "tests", "data", "arrow", "factors-arrow-js.arrow"));
        (reader, batch) = FactorFile.OpenBatch("factors-arrow-js.arrow", golden, golden.Length);
        using (reader)
        using (batch)
        {
            Assert.IsType<ArrowFileReader>(reader);
            Assert.Equal([100, 101, 102, 103, 104], ((Int32Array)batch!.Column(0)).Values.ToArray());
        }
    }

    [Theory]
    [InlineData("value", "checksum mismatch")]
    [InlineData("truncate", "not a readable Arrow factor file")]
    [InlineData("magic", "not a readable Arrow factor file")]
    [InlineData("tiny", "not a readable Arrow factor file")]
    public void Damaged_files_are_refused_naming_the_file_and_problem(string damage, string message)
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("users.arrow");
        FactorMatrix factors = FactorMatrix.Random(10, 8, seed: 2);
        FactorFile.Write(path, FactorSide.Users, 2, factors);
        byte[] bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "value" => Flip(bytes, ValueOffset(bytes, factors.Values[17])),
            "truncate" => bytes[..^8],
            "magic" => Flip(bytes, 0),
            _ => bytes[..10],
        };
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<FactorFileException>(() => FactorFile.Read(path));
        Assert.Contains("users.arrow", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void A_file_read_with_the_crc_recorded_at_write_time_lands_in_its_rows_of_the_target_and_nowhere_else()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("b.arrow");
        FactorMatrix factors = FactorMatrix.Random(300, 16, seed: 5);
        var expected = new FactorBlockHeader(FactorSide.Items, 3, 900, 300, 16, 4);
        uint written = FactorFile.Write(path, expected, factors.Memory);
        var side = new FactorMatrix(1500, 16);
        side.Values.Fill(-1f);
        FactorBlockHeader header = FactorFile.ReadInto(path, expected, side, firstRow: 900, expectedCrc: written, out uint crc, out int bytes);
        Assert.Equal(new FileInfo(path).Length, bytes);
        Assert.Equal(written, crc);
        Assert.Equal(factors.ToArray(), side.RowRange(900, 300).ToArray());
        Assert.All(side.RowRange(0, 900).ToArray(), value => Assert.Equal(-1f, value));
        Assert.All(side.RowRange(1200, 300).ToArray(), value => Assert.Equal(-1f, value));
        Assert.Equal(expected, header);
    }

    [Fact]
    public void A_damaged_value_is_reported_as_corrupt_even_when_a_recorded_crc_is_given()
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("b.arrow");
        FactorMatrix factors = FactorMatrix.Random(10, 8, seed: 2);
        uint written = FactorFile.Write(path, FactorSide.Users, 2, factors);
        File.WriteAllBytes(path, Flip(File.ReadAllBytes(path), ValueOffset(File.ReadAllBytes(path), factors.Values[3])));
        var error = Assert.Throws<FactorFileException>(() =>
            FactorFile.ReadInto(path, new FactorBlockHeader(FactorSide.Users, 0, 0, 10, 8, 2), new FactorMatrix(10, 8), firstRow: 0, expectedCrc: written, out _, out _));
        Assert.Contains("checksum mismatch", error.Message);
    }

    [Fact]
    public void Blocks_written_one_after_another_on_one_thread_each_read_back_as_written()
    {
        // The writer reuses one in-memory file image per thread: a small block after a big one must not keep the big one's tail.
        using var folder = new TemporaryDirectory();
        FactorMatrix big = FactorMatrix.Random(2000, 32, seed: 1), small = FactorMatrix.Random(3, 32, seed: 2);
        uint bigCrc = FactorFile.Write(folder.File("big.arrow"), FactorSide.Users, 1, big);
        uint smallCrc = FactorFile.Write(folder.File("small.arrow"), FactorSide.Users, 1, small);
        Assert.Equal(small.Values, FactorFile.Read(folder.File("small.arrow"), out uint readSmall).Factors.Values);
        Assert.Equal(big.Values, FactorFile.Read(folder.File("big.arrow"), out uint readBig).Factors.Values);
        Assert.Equal((bigCrc, smallCrc), (readBig, readSmall));
        Assert.True(new FileInfo(folder.File("small.arrow")).Length < 4096);
    }

    [Theory]
    [InlineData(100_000)]                       // a longer file taken over: its tail is cut
    [InlineData(10)]                            // a shorter one: it grows
    public void A_write_that_takes_over_a_spare_file_overwrites_that_file_and_equals_a_fresh_write(int spareLength)
    {
        using var folder = new TemporaryDirectory();
        FactorMatrix factors = FactorMatrix.Random(300, 16, seed: 3);
        var header = new FactorBlockHeader(FactorSide.Items, 2, 600, 300, 16, 5);
        uint fresh = FactorFile.Write(folder.File("fresh.arrow"), header, factors.Memory);
        string spare = folder.File("spare.arrow");
        File.WriteAllBytes(spare, Enumerable.Repeat((byte)0xA5, spareLength).ToArray());
        // A handle kept on the spare sees what is written through its new name only if the write went into that very file.
        using var kept = new FileStream(spare, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);

        uint reused = FactorFile.Write(folder.File("b.arrow"), header, factors.Memory, flushToDisk: false, reuse: spare);

        Assert.Equal(fresh, reused);
        Assert.Equal(File.ReadAllBytes(folder.File("fresh.arrow")), File.ReadAllBytes(folder.File("b.arrow")));
        Assert.False(File.Exists(spare));
        Assert.Equal(new FileInfo(folder.File("b.arrow")).Length, kept.Length);
        var seen = new byte[kept.Length];
        kept.ReadExactly(seen);
        Assert.Equal(File.ReadAllBytes(folder.File("b.arrow")), seen);
        Assert.Equal(["b.arrow", "fresh.arrow"], Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order());   // no temporary file left
    }

    [Fact]
    public void A_missing_spare_file_means_a_new_file()
    {
        using var folder = new TemporaryDirectory();
        FactorMatrix factors = FactorMatrix.Random(7, 4, seed: 8);
        uint crc = FactorFile.Write(folder.File("b.arrow"), new FactorBlockHeader(FactorSide.Users, 0, 0, 7, 4, 1), factors.Memory, reuse: folder.File("none.arrow"));
        Assert.Equal(factors.Values, FactorFile.Read(folder.File("b.arrow"), out uint read).Factors.Values);
        Assert.Equal(crc, read);
        Assert.Single(Directory.GetFiles(folder.Path));
    }

    /// <summary>Where the bytes of <paramref name="value"/> lie in the file (inside the factors buffer).</summary>
    private static int ValueOffset(byte[] bytes, float value)
    {
        byte[] pattern = BitConverter.GetBytes(value);
        int offset = bytes.AsSpan().IndexOf(pattern);
        Assert.True(offset > 0, "the value is not in the file");
        return offset;
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x01;
        return bytes;
    }
}
