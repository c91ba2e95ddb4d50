using System.Diagnostics;
using System.Globalization;
using Linalg.Dense;

// FᵀF of a 360k-shaped user side (358,868 × 64 rows, the side a 360k item half-step needs) on one thread, ROUNDS
// times; prints the median and the range in milliseconds.
int rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
FactorMatrix users = FactorMatrix.Random(358_868, 64, seed: 7);
var times = new List<double>();
double sink = 0;
for (int round = 0; round < rounds; round++)
{
    var clock = Stopwatch.StartNew();
    double[] gram = GramMatrix.Compute(users, threads: 1);
    times.Add(clock.Elapsed.TotalMilliseconds);
    sink += gram[65];
}
times.Sort();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Gram matrix of 358,868 x 64 on one thread: median {times[times.Count / 2]:F1} ms over {rounds} rounds ({times[0]:F1}-{times[^1]:F1}) (checksum {sink})"));
