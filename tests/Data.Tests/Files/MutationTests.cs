using Data.Files;
using Parquet.Schema;

namespace Data.Tests.Files;

/// <summary>Runs alone: the allocation bound is measured on the process's allocation counter.</summary>
[CollectionDefinition(nameof(AllocationMeasured), DisableParallelization = true)]
public sealed class AllocationMeasured;

/// <summary>
/// Seeded mutations of valid files (byte flips, overwrites with extreme values, truncations, corrupted lengths and
/// offsets in page headers and the footer), read through <see cref="ParquetTable"/>: each variant must read or throw a
/// ParquetFileException, within a time bound; nothing else may escape, and no variant may allocate more than a bound
/// set by its size.
/// </summary>
[Collection(nameof(AllocationMeasured))]
public sealed class MutationTests
{
    private const int VariantsPerSource = 700;
    private static readonly TimeSpan PerVariantLimit = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Most bytes one variant may allocate: a fixed part for the library's own buffers (its pooled streams hand out
    /// 128 KiB blocks, decoders a few more) plus 256 bytes per byte of file (every value decoded into a CLR array,
    /// strings as .NET strings, and a reader per row group). A damaged length that made the library trust it would
    /// allocate far more: lengths in these files reach 2³¹.
    /// </summary>
    private const long FixedAllocation = 64L << 20, AllocationPerByte = 256;

    public static TheoryData<string> Sources => ["ours-snappy", "duckdb_v2_mixed.snappy.parquet", "alltypes_plain.parquet", "rle-dict-snappy-checksum.parquet",
        "delta_byte_array.parquet", "interactions_gzip.parquet"];

    [Theory, MemberData(nameof(Sources))]
    public async Task Mutated_files_read_or_fail_with_a_ParquetFileException(string source)
    {
        byte[] original = Source(source);
        var random = new Random(source.Aggregate(2026, (hash, c) => unchecked(hash * 31 + c)) & 0x7FFF_FFFF);   // stable across runs, unlike string.GetHashCode
        int footerStart = FooterStart(original);
        int rejected = 0;
        long bound = FixedAllocation + AllocationPerByte * original.Length, largest = 0;
        for (int variant = 0; variant < VariantsPerSource; variant++)
        {
            (byte[] bytes, string description) = Mutate(original, footerStart, random);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            Task<Exception?> work = Task.Run(() => ReadEverything(bytes));
            Assert.True(await Task.WhenAny(work, Task.Delay(PerVariantLimit)) == work,
                $"{source} variant {variant} ({description}) did not finish within {PerVariantLimit.TotalSeconds} s");
            Exception? error = await work;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            largest = Math.Max(largest, allocated);
            Assert.True(allocated <= bound, $"{source} variant {variant} ({description}) allocated {allocated:N0} bytes, over the bound {bound:N0}");
            if (error is null) continue;
            Assert.True(error is ParquetFileException, $"{source} variant {variant} ({description}) threw {error.GetType().Name}: {error}");
            Assert.Contains("variant.parquet", error.Message, StringComparison.Ordinal);
            rejected++;
        }
        Assert.True(rejected > VariantsPerSource / 4, $"only {rejected} of {VariantsPerSource} variants were rejected: the mutations do not reach the file");
        Assert.True(largest > 0, "the allocation counter did not move");
    }

    private static Exception? ReadEverything(byte[] bytes)
    {
        try
        {
            using ParquetTable reader = ParquetTable.Open(bytes, "variant.parquet");
            foreach (ParquetTableColumn column in reader.Columns) reader.ReadAll(column);
            return null;
        }
        catch (Exception error)
        {
            return error;
        }
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, int footerStart, Random random)
    {
        byte[] bytes = (byte[])original.Clone();
        int kind = random.Next(7);
        // Half of the point mutations aim at the footer, where lengths and offsets live.
        int Position() => random.Next(2) == 0 && footerStart < bytes.Length - 8 ? random.Next(footerStart, bytes.Length - 8) : random.Next(bytes.Length);
        switch (kind)
        {
            case 0:
            {
                int position = Position();
                bytes[position] ^= (byte)(1 << random.Next(8));
                return (bytes, $"bit flip at {position}");
            }
            case 1:
            {
                int position = Position();
                bytes[position] = (byte)random.Next(256);
                return (bytes, $"random byte at {position}");
            }
            case 2:
            {
                int length = random.Next(bytes.Length);
                return (bytes[..length], $"truncated to {length}");
            }
            case 3:
            {
                // A varint-sized run of 0xFF/0x7F: huge lengths, counts and offsets wherever it lands.
                int position = Position(), count = random.Next(1, 6);
                for (int i = 0; i < count && position + i < bytes.Length; i++) bytes[position + i] = i == count - 1 ? (byte)0x7F : (byte)0xFF;
                return (bytes, $"varint 0xFF… at {position}");
            }
            case 4:
            {
                int value = random.Next(3) switch { 0 => -1, 1 => int.MaxValue, _ => random.Next(bytes.Length * 2) };
                BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8, 4), value);
                return (bytes, $"footer length {value}");
            }
            case 5:
            {
                int position = Position(), count = random.Next(1, 16);
                for (int i = 0; i < count && position + i < bytes.Length; i++) bytes[position + i] = 0;
                return (bytes, $"{count} zero bytes at {position}");
            }
            default:
            {
                int first = random.Next(bytes.Length), second = random.Next(bytes.Length);
                (bytes[first], bytes[second]) = (bytes[second], bytes[first]);
                return (bytes, $"swap {first} and {second}");
            }
        }
    }

    private static int FooterStart(byte[] bytes) => bytes.Length - 8 - BitConverter.ToInt32(bytes, bytes.Length - 8);

    /// <summary>A corpus file, or ("ours-snappy") a file of our writer: two row groups, nullable strings, floats, INT32 keys.</summary>
    private static byte[] Source(string name)
    {
        if (name.EndsWith(".parquet", StringComparison.Ordinal)) return File.ReadAllBytes(Corpus.PathOf(Corpus.File(name)));
        var random = new Random(7);
        using var stream = new MemoryStream();
        DataField[] fields = [new DataField<int>("key", false), new DataField<string>("name", true), new DataField<float>("score", false), new DataField<long>("count", false)];
        using (var writer = new ParquetTableWriter(new NonClosing(stream), name, fields, new Dictionary<string, string> { ["written_by"] = "test" }))
            for (int group = 0; group < 2; group++)
                writer.WriteRowGroup(
                    Enumerable.Range(group * 30, 30).ToArray(),
                    Enumerable.Range(0, 30).Select(i => i % 5 == 0 ? null : "n" + random.Next(8)).ToArray(),
                    Enumerable.Range(0, 30).Select(_ => (float)random.NextDouble()).ToArray(),
                    Enumerable.Range(0, 30).Select(_ => random.NextInt64()).ToArray());
        return stream.ToArray();
    }

    /// <summary>Keeps the memory stream readable after the writer closes its stream.</summary>
    private sealed class NonClosing(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
    }
}
