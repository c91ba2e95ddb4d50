using Data.Factors;

namespace Data.Tests.Factors;

public sealed class ChecksummingFileWriterTests
{
    /// <summary>
    /// Small writes, the buffer whose CRC-32 is known, then more small writes: the file holds every byte in order and the
    /// writer's CRC-32 is that of the whole file, with the known buffer's CRC combined in rather than computed.
    /// </summary>
    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 17)]
    [InlineData(70_000, 100)]
    public void A_known_buffer_is_combined_into_the_crc_of_the_whole_file(int before, int after)
    {
        using var folder = new TemporaryDirectory();
        var random = new Random(before + after);
        byte[] head = new byte[before], values = new byte[200_000], tail = new byte[after];
        random.NextBytes(head);
        random.NextBytes(values);
        random.NextBytes(tail);
        string path = folder.File("f.bin");
        uint crc;
        int combined;
        using (var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new ChecksummingFileWriter(handle, (values, Data.Checksums.Crc32.Compute(values))))
        {
            writer.Write(head.AsSpan(0, before / 2));
            writer.Write(head.AsSpan(before / 2));
            writer.Write(values);
            writer.Write(tail);
            writer.Flush();
            crc = writer.Crc32;
            combined = writer.KnownWrites;
        }
        byte[] file = File.ReadAllBytes(path);
        Assert.Equal([.. head, .. values, .. tail], file);
        Assert.Equal(Data.Checksums.Crc32.Compute(file), crc);
        Assert.Equal(1, combined);
    }

    /// <summary>Bytes that only look like the known buffer (same length, elsewhere in memory) are checksummed as they are.</summary>
    [Fact]
    public void A_copy_of_the_known_buffer_is_checksummed_not_trusted()
    {
        using var folder = new TemporaryDirectory();
        byte[] values = new byte[1000], other = new byte[1000];
        new Random(3).NextBytes(values);
        new Random(4).NextBytes(other);
        using var handle = File.OpenHandle(folder.File("g.bin"), FileMode.CreateNew, FileAccess.Write);
        using var writer = new ChecksummingFileWriter(handle, (values, Data.Checksums.Crc32.Compute(values)));
        writer.Write(other);
        Assert.Equal(Data.Checksums.Crc32.Compute(other), writer.Crc32);
        Assert.Equal(0, writer.KnownWrites);
    }
}
