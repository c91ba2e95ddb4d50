using Parquet.Reading;
using Parquet.Schema;
using Parquet.Tests.Writing;
using Parquet.Writing;

namespace Parquet.Tests.Robustness;

/// <summary>
/// Seeded mutations of valid files (byte flips, overwrites with extreme values, truncations, corrupted lengths
/// and offsets in page headers and the footer): each variant must read or throw a ParquetException, quickly;
/// nothing else may escape, nothing may hang.
/// </summary>
public sealed class MutationTests
{
    private const int VariantsPerSource = 700;
    private static readonly TimeSpan PerVariantLimit = TimeSpan.FromSeconds(5);

    public static TheoryData<string> Sources => ["ours-checksummed", "ours-plain", "alltypes_plain.parquet", "rle-dict-snappy-checksum.parquet",
        "delta_byte_array.parquet", "datapage_v2_empty_datapage.snappy.parquet"];

    [Theory, MemberData(nameof(Sources))]
    public async Task Mutated_files_read_or_fail_with_a_ParquetException(string source)
    {
        byte[] original = Source(source);
        var random = new Random(source.GetHashCode(StringComparison.Ordinal) & 0x7FFF_FFFF ^ 2026);
        int footerStart = FooterStart(original);
        int rejected = 0;
        for (int variant = 0; variant < VariantsPerSource; variant++)
        {
            (byte[] bytes, string description) = Mutate(original, footerStart, random);
            Task<Exception?> work = Task.Run(() => ReadEverything(bytes));
            Assert.True(await Task.WhenAny(work, Task.Delay(PerVariantLimit)) == work,
                $"{source} variant {variant} ({description}) did not finish within {PerVariantLimit.TotalSeconds} s");
            Exception? error = await work;
            if (error is null) continue;
            Assert.True(error is ParquetException, $"{source} variant {variant} ({description}) threw {error.GetType().Name}: {error}");
            rejected++;
        }
        Assert.True(rejected > VariantsPerSource / 4, $"only {rejected} of {VariantsPerSource} variants were rejected: the mutations do not reach the file");
    }

    private static Exception? ReadEverything(byte[] bytes)
    {
        try
        {
            using var reader = new ParquetFileReader(new MemoryStream(bytes), "variant.parquet");
            for (int column = 0; column < reader.Schema.Columns.Count; column++) reader.ReadColumn(column);
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

    private static byte[] Source(string name)
    {
        if (name.EndsWith(".parquet", StringComparison.Ordinal)) return File.ReadAllBytes(Corpus.PathOf(Corpus.File(name)));
        var random = new Random(7);
        ParquetColumn[] schema = [.. TestColumns.Kinds.Select((kind, c) => kind("c" + c, c % 2 == 0))];
        ColumnData[] columns = [.. schema.Select(column => TestColumns.Random(column, 60, 0.2, random))];
        using var stream = new MemoryStream();
        var options = new ParquetWriterOptions { PageSize = 100, RowGroupSize = 25, PageChecksums = name == "ours-checksummed",
            DeltaColumns = new HashSet<string> { "c0", "c1" } };
        using (var writer = new ParquetFileWriter(stream, new ParquetSchema(schema), options, leaveOpen: true)) writer.Write(columns);
        return stream.ToArray();
    }
}
