using System.Diagnostics;
using System.Globalization;
using Data.Datasets;
using Data.Files;
using DuckDB.NET.Data;

// Usage:
//   dotnet run -c Release --project bench/parquet/Parquet.Bench -- --data DATASET [--runs 5]
//     times reading every train/by_user block of a prepared dataset (three INT32 columns) through ParquetTable
//     (row groups in parallel, blocks in parallel, as PreparedDataset does) beside DuckDB.NET's
//     SELECT sum(user_index), sum(item_index), sum(plays) over the same files; prints each run and the medians.
//   dotnet run -c Release --project bench/parquet/Parquet.Bench -- --sql FILE
//     runs the SQL in FILE in an in-memory DuckDB (bench/prepare/run.sh uses it for DuckDB's side of prepare).

string[] Columns = ["user_index", "item_index", "plays"];
string? data = null, sql = null;
int runs = 5;
for (int i = 0; i + 1 < args.Length; i += 2)
{
    switch (args[i])
    {
        case "--data": data = args[i + 1]; break;
        case "--runs": runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
        case "--sql": sql = args[i + 1]; break;
        default: throw new ArgumentException($"Unknown option {args[i]}; use --data, --runs or --sql.");
    }
}

if (sql is not null)
{
    using var connection = new DuckDBConnection("Data Source=:memory:");
    connection.Open();
    using DuckDBCommand command = connection.CreateCommand();
    command.CommandText = File.ReadAllText(sql);
    command.ExecuteNonQuery();
    return 0;
}
if (data is null) throw new ArgumentException("Give --data DATASET (a folder written by als prepare) or --sql FILE.");

DatasetManifest manifest = DatasetPreparer.ReadManifest(data);
string[] files = [.. Enumerable.Range(0, manifest.UserBlocks.Count).Select(block => Path.Combine(data, DatasetLayout.TrainByUser(block)))];
var ours = new List<double>();
var duck = new List<double>();
for (int run = 0; run < runs; run++)
{
    var clock = Stopwatch.StartNew();
    long sum = 0;
    var sums = new long[files.Length];
    Parallel.For(0, files.Length, block =>
    {
        using ParquetTable table = ParquetTable.Open(files[block]);
        int rows = checked((int)table.RowCount);
        long local = 0;
        foreach (string column in Columns)
        {
            int[] values = System.Buffers.ArrayPool<int>.Shared.Rent(rows);
            table.ReadInt32(column, values);
            for (int i = 0; i < rows; i++) local += values[i];
            System.Buffers.ArrayPool<int>.Shared.Return(values);
        }
        sums[block] = local;
    });
    sum = sums.Sum();
    ours.Add(clock.Elapsed.TotalSeconds);

    clock.Restart();
    using (var connection = new DuckDBConnection("Data Source=:memory:"))
    {
        connection.Open();
        using DuckDBCommand command = connection.CreateCommand();
        string glob = Path.Combine(data, "train", "by_user", "*", "*.parquet").Replace("'", "''", StringComparison.Ordinal);
        command.CommandText = $"SELECT (sum(user_index) + sum(item_index) + sum(plays))::BIGINT FROM read_parquet('{glob}')";
        long duckSum = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        duck.Add(clock.Elapsed.TotalSeconds);
        if (duckSum != sum) throw new InvalidOperationException($"sums differ: ours {sum}, DuckDB {duckSum}");
    }
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"run {run + 1}: ours {ours[^1]:F3} s, DuckDB.NET {duck[^1]:F3} s ({manifest.Counts.TrainRows:N0} rows, {files.Length} blocks)"));
}
double Median(List<double> values) { values.Sort(); return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2; }
double oursMedian = Median(ours), duckMedian = Median(duck);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median: ours {oursMedian:F3} s, DuckDB.NET {duckMedian:F3} s, ratio {oursMedian / duckMedian:F2}"));
return 0;
