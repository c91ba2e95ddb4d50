using System.Diagnostics;
using System.Globalization;
using Data.Factors;
using Linalg.Dense;
using Linalg.Training;

// A 360k-shaped user side (358,868 × 64) written as 18 factor blocks into a temporary folder, then read back ROUNDS
// times into one side matrix the way a worker assembles the fixed side (each block checked against the CRC-32 recorded
// when it was written; the files are in the page cache). Prints the median and range in milliseconds, one thread.
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
const int Rows = 358_868, K = 64, Blocks = 18;
string folder = Directory.CreateTempSubdirectory("als-store-bench-").FullName;
try
{
    FactorMatrix side = FactorMatrix.Random(Rows, K, seed: 7);
    var blocks = new List<(string Path, FactorBlockHeader Header, uint Crc)>();
    int first = 0;
    for (int block = 0; block < Blocks; block++)
    {
        int count = Rows / Blocks + (block < Rows % Blocks ? 1 : 0);
        var header = new FactorBlockHeader(FactorSide.Users, block, first, count, K, 1);
        string path = Path.Combine(folder, $"block-{block:D5}.arrow");
        blocks.Add((path, header, FactorFile.Write(path, header, side.Memory.Slice(first * K, count * K), flushToDisk: false)));
        first += count;
    }
    var target = new FactorMatrix(Rows, K);
    var times = new List<double>();
    for (int round = 0; round < rounds; round++)
    {
        var clock = Stopwatch.StartNew();
        foreach ((string path, FactorBlockHeader header, uint crc) in blocks)
            FactorFile.ReadInto(path, header, target, header.FirstRow, crc, out _, out _);
        times.Add(clock.Elapsed.TotalMilliseconds);
    }
    if (!target.Values.SequenceEqual(side.Values)) throw new InvalidOperationException("the side read back differs from the side written");
    times.Sort();
    long bytes = blocks.Sum(block => new FileInfo(block.Path).Length);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"Read {Blocks} blocks, {Rows:N0} x {K} ({bytes / 1e6:F0} MB) on one thread: median {times[times.Count / 2]:F1} ms over {rounds} rounds ({times[0]:F1}-{times[^1]:F1}), {bytes / 1e6 / times[times.Count / 2]:F2} GB/s"));
}
finally
{
    Directory.Delete(folder, recursive: true);
}
