using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Parquet.Reading;
using Parquet.Schema;
using Parquet.Writing;

// Writes and reads an interactions file of 17.5M rows (user_index, item_index, plays: INT32, SNAPPY, default
// row groups) and times DuckDB reading (sum of the three columns) and writing (COPY TO) the same file.
// Usage: dotnet run -c Release --project bench/parquet/Parquet.Bench [-- --rows N --runs N --out DIR]

int rows = 17_500_000, runs = 5;
string folder = Path.Combine(Path.GetTempPath(), "als-parquet-bench");
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--rows": rows = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--out": folder = args[i + 1]; break;
        default: throw new ArgumentException($"Unknown option {args[i]}; use --rows, --runs, --out.");
    }
}
Directory.CreateDirectory(folder);
string ours = Path.Combine(folder, "interactions.parquet"), duckdbCopy = Path.Combine(folder, "duckdb-copy.parquet");

// Interactions sorted by user then item, ~49 per user, item popularity skewed, plays heavy-tailed: like the real file.
var user = new int[rows];
var item = new int[rows];
var plays = new int[rows];
var random = new Random(42);
for (int row = 0, u = 0; row < rows; u++)
{
    int count = Math.Min(rows - row, 1 + (int)Math.Round(Math.Exp(Math.Log(45) + 0.4 * Gaussian(random))));
    var items = new SortedSet<int>();
    while (items.Count < count) items.Add((int)(160_112 * Math.Pow(random.NextDouble(), 2.5)));
    foreach (int i in items)
    {
        user[row] = u;
        item[row] = i;
        plays[row] = (int)Math.Min(400_000, Math.Ceiling(Math.Exp(Math.Log(40) + 1.3 * Gaussian(random))));
        row++;
    }
}
ParquetColumn[] schema = [ParquetColumn.Int32("user_index"), ParquetColumn.Int32("item_index"), ParquetColumn.Int32("plays")];
ColumnData[] columns = [ColumnData.FromInt32(schema[0], user), ColumnData.FromInt32(schema[1], item), ColumnData.FromInt32(schema[2], plays)];
Console.WriteLine($"{rows:N0} rows generated; {runs} runs each.");

double[] writeSeconds = Time(runs, () =>
{
    using var writer = ParquetFileWriter.Create(ours, new ParquetSchema(schema));
    writer.Write(columns);
});
long size = new FileInfo(ours).Length;
int[][] read = [];
double[] readSeconds = Time(runs, () =>
{
    // Timed: the file into three int[] (what a worker needs). DuckDB's timed query also sums; summing arrays
    // afterwards costs ~10 ms and is checked below, outside the timing.
    using ParquetFileReader reader = ParquetFileReader.Open(ours);
    read = [reader.ReadInt32("user_index"), reader.ReadInt32("item_index"), reader.ReadInt32("plays")];
});
if (!read[0].AsSpan().SequenceEqual(user) || !read[1].AsSpan().SequenceEqual(item) || !read[2].AsSpan().SequenceEqual(plays))
    throw new InvalidOperationException("The file did not read back as written.");

// Memory while reading one column chunk at a time: bytes allocated per chunk versus the chunk's size in the file.
double allocationRatio;
using (ParquetFileReader reader = ParquetFileReader.Open(ours))
{
    long allocated = 0, chunkBytes = 0;
    foreach (RowGroupInfo rowGroup in reader.RowGroups)
        for (int column = 0; column < 3; column++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            reader.ReadColumn(rowGroup.Index, column);
            allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            chunkBytes += rowGroup.Columns[column].UncompressedSize;
        }
    allocationRatio = (double)allocated / chunkBytes;
}

string sumSql = $"SELECT sum(user_index), sum(item_index), sum(plays) FROM '{ours}'";
string copySql = $"COPY (SELECT * FROM '{ours}') TO '{duckdbCopy}' (FORMAT parquet, COMPRESSION snappy)";
using JsonDocument duckdb = DuckDbTimes(runs, sumSql, copySql);
double[] duckRead = [.. duckdb.RootElement.GetProperty("results")[0].GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble())];
double[] duckWrite = [.. duckdb.RootElement.GetProperty("results")[1].GetProperty("seconds").EnumerateArray().Select(e => e.GetDouble())];

var result = new
{
    rows,
    runs,
    file_bytes = size,
    row_groups = ParquetFileReader.Open(ours).RowGroups.Count,
    ours_read_seconds = Median(readSeconds),
    ours_write_seconds = Median(writeSeconds),
    duckdb_read_seconds = Median(duckRead),
    duckdb_write_seconds = Median(duckWrite),
    read_ratio = Median(readSeconds) / Median(duckRead),
    write_ratio = Median(writeSeconds) / Median(duckWrite),
    duckdb_threads = duckdb.RootElement.GetProperty("threads").GetInt32(),
    bytes_allocated_per_uncompressed_chunk_byte = Math.Round(allocationRatio, 2),
    peak_rss_mb = PeakRssMegabytes(),
    all_ours_read = readSeconds, all_ours_write = writeSeconds, all_duckdb_read = duckRead, all_duckdb_write = duckWrite,
};
Console.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { WriteIndented = true }));

static double[] Time(int runs, Action action)
{
    var seconds = new double[runs];
    for (int run = 0; run < runs; run++)
    {
        GC.Collect();
        long start = Stopwatch.GetTimestamp();
        action();
        seconds[run] = Math.Round(Stopwatch.GetElapsedTime(start).TotalSeconds, 4);
    }
    return seconds;
}

static double Median(double[] values)
{
    double[] sorted = [.. values.Order()];
    return Math.Round(sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2, 4);
}

static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

static double PeakRssMegabytes() =>
    File.ReadLines("/proc/self/status").Where(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
        .Select(l => long.Parse(l[6..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0).FirstOrDefault();

static JsonDocument DuckDbTimes(int runs, params string[] statements)
{
    string root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "Pipeline.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Pipeline.sln not found");
    var start = new ProcessStartInfo("node", [Path.Combine(root, "tests", "oracle", "duckdb-time.mjs"), runs.ToString(CultureInfo.InvariantCulture), .. statements])
    {
        RedirectStandardOutput = true,
        RedirectStandardError = true,
        WorkingDirectory = Path.Combine(root, "tests", "oracle"),
    };
    using Process process = Process.Start(start)!;
    string output = process.StandardOutput.ReadToEnd();
    string error = process.StandardError.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0) throw new InvalidOperationException("DuckDB failed: " + error);
    return JsonDocument.Parse(output);
}
