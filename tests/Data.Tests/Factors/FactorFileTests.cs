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
        var header = new FactorBlockHeader(FactorSide.Items, Block: 3, FirstRow: 1_000_000_000_000, Rows: 37, Factors: 16, Iteration: 9);
        FactorFile.Write(folder.File("b.alsf"), header, factors.Values);
        (FactorBlockHeader read, FactorMatrix values) = FactorFile.Read(folder.File("b.alsf"));
        Assert.Equal(header, read);
        Assert.Equal(factors.Values, values.Values);
        Assert.Equal(FactorFile.HeaderSize + 37 * 16 * 4 + 4, new FileInfo(folder.File("b.alsf")).Length);
        Assert.Single(Directory.GetFiles(folder.Path));                        // no temporary file left behind
    }

    [Theory]
    [InlineData("flip", "checksum mismatch")]
    [InlineData("truncate", "does not match its")]
    [InlineData("magic", "not a factor file")]
    [InlineData("version", "format version 9")]
    [InlineData("tiny", "too short")]
    public void Damaged_files_are_refused_naming_the_file_and_problem(string damage, string message)
    {
        using var folder = new TemporaryDirectory();
        string path = folder.File("users.alsf");
        FactorFile.Write(path, FactorSide.Users, 2, FactorMatrix.Random(10, 8, seed: 2));
        byte[] bytes = File.ReadAllBytes(path);
        bytes = damage switch
        {
            "flip" => Flip(bytes, 100),
            "truncate" => bytes[..^8],
            "magic" => Flip(bytes, 0),
            "version" => Set(bytes, 4, 9),
            _ => bytes[..10],
        };
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<FactorFileException>(() => FactorFile.Read(path));
        Assert.Contains("users.alsf", error.Message);
        Assert.Contains(message, error.Message);
    }

    private static byte[] Flip(byte[] bytes, int index)
    {
        bytes[index] ^= 0x01;
        return bytes;
    }

    private static byte[] Set(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }
}
