using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

// The solver's two load patterns at k = 64, with the data starting 0, 8, ..., 56 bytes past a 64-byte boundary:
//   gather: whole 256-byte rows at random (skewed) rows of a 77 MB matrix, as a half-step reads the fixed side;
//   gram:   the 64 × 64 Gram matrix times a vector, 16 KB that stays in L1, as every CG step of every row computes it.
// Prints the median milliseconds of each over ROUNDS rounds, and each offset's time relative to offset 0.
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
const int k = 64, rows = 300_000, entries = 2_000_000, gramProducts = 200_000;
int[] offsets = [0, 8, 16, 24, 32, 40, 48, 56];

var random = new Random(1);
int[] columns = new int[entries];
for (int i = 0; i < entries; i++) columns[i] = (int)(Math.Pow(random.NextDouble(), 3) * rows);   // popular rows are hit more
float[] vector = [.. Enumerable.Range(0, k).Select(d => 1f / (d + 1))];
var gather = offsets.ToDictionary(offset => offset, _ => new List<double>());
var gram = offsets.ToDictionary(offset => offset, _ => new List<double>());
float sink = 0;

unsafe
{
    long floats = (long)rows * k + 64;
    float* matrix = (float*)NativeMemory.AlignedAlloc((nuint)(floats * sizeof(float)), 4096);
    float* gramMatrix = (float*)NativeMemory.AlignedAlloc((nuint)((k * k + 64) * sizeof(float)), 4096);
    for (long i = 0; i < floats; i++) matrix[i] = (float)random.NextDouble() * 0.01f;
    for (int i = 0; i < k * k + 64; i++) gramMatrix[i] = (float)random.NextDouble();

    for (int round = 0; round < rounds; round++)
        foreach (int offset in offsets)
        {
            float* f = matrix + offset / sizeof(float), g = gramMatrix + offset / sizeof(float);
            var clock = Stopwatch.StartNew();
            Vector512<float> sum = Vector512<float>.Zero;
            for (int j = 0; j < entries; j++)
            {
                float* row = f + (long)columns[j] * k;
                sum += Vector512.Load(row) * Vector512.Load(row + 16) + Vector512.Load(row + 32) * Vector512.Load(row + 48);
            }
            gather[offset].Add(clock.Elapsed.TotalMilliseconds);

            clock.Restart();
            fixed (float* v = vector)
                for (int repeat = 0; repeat < gramProducts; repeat++)
                {
                    Vector512<float> a0 = Vector512<float>.Zero, a1 = a0, a2 = a0, a3 = a0;
                    for (int d = 0; d < k; d++)
                    {
                        var weight = Vector512.Create(v[d]);
                        float* row = g + d * k;
                        a0 = Vector512.FusedMultiplyAdd(Vector512.Load(row), weight, a0);
                        a1 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 16), weight, a1);
                        a2 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 32), weight, a2);
                        a3 = Vector512.FusedMultiplyAdd(Vector512.Load(row + 48), weight, a3);
                    }
                    sum += a0 + a1 + a2 + a3;
                }
            gram[offset].Add(clock.Elapsed.TotalMilliseconds);
            sink += Vector512.Sum(sum);
        }
}

static double Median(List<double> values)
{
    double[] sorted = [.. values.Order()];
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"AVX-512: {Vector512.IsHardwareAccelerated}; {rounds} rounds; {entries:N0} row gathers and {gramProducts:N0} Gram products per round"));
Console.WriteLine("offset  gather ms  (× offset 0)   gram ms  (× offset 0)");
foreach (int offset in offsets)
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{offset,4} B  {Median(gather[offset]),9:F1}  ({Median(gather[offset]) / Median(gather[0]),5:F2})  {Median(gram[offset]),9:F1}  ({Median(gram[offset]) / Median(gram[0]),5:F2})"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"(checksum {sink})"));
