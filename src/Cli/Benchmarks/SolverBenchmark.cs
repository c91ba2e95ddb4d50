using System.Diagnostics;
using System.Globalization;
using System.Runtime.Intrinsics;
using System.Text.Json;
using Cli.Datasets;
using Cli.Diagnostics;
using Data.Datasets;
using Linalg.Als;
using Linalg.Sparse;
using Linalg.Training;
using Spectre.Console;

namespace Cli.Benchmarks;

/// <summary>
/// Times the bare in-memory ALS loop (<see cref="ImplicitAlsTrainer"/>, loss and evaluation off) on a synthetic
/// preset and estimates the arithmetic it did.
/// </summary>
/// <remarks>
/// <para>Floating-point work of one CG half-step over R rows with N entries against k factors and s steps (one
/// initial residual plus s products A·p, each a k × k mat-vec and, per entry, a dot product and an axpy):</para>
/// <code>
///   (s + 1)·(2k²·R + 4k·N) + 10k·s·R        (the last term: the k-vectors updates of CG)
/// </code>
/// <para>plus the Gram matrix of the fixed side, k(k + 1) per row (upper triangle, multiply and add). The Cholesky
/// solver costs k(k + 1) per entry (rank-1 updates of the lower triangle) plus k³/3 per row. These are the flops
/// of the algorithm, not of our implementation: GFLOP/s below compares machines and versions, and says how far
/// the loop is from the arithmetic bound (which it is not near: the per-entry work gathers rows of the fixed
/// side scattered over tens of megabytes, so memory latency bounds it).</para>
/// </remarks>
internal static class SolverBenchmark
{
    private static readonly JsonSerializerOptions JsonFormat = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Times the loop on <paramref name="preset"/> (with <paramref name="scale"/> times its users) built in memory, or on
    /// the prepared dataset in <paramref name="dataFolder"/> when given.
    /// </summary>
    public static int Run(IAnsiConsole console, string preset, int scale, string? dataFolder, ulong dataSeed, AlsOptions options, bool json,
        CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        (CsrMatrix train, CsrMatrix byItem, string description) = Load(preset, scale, dataFolder, dataSeed, options.Threads);
        double buildSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double buildPeakMegabytes = ProcessMemory.PeakResidentMegabytes();
        if (!json)
        {
            console.WriteLine(description);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Built in {buildSeconds:F1} s, peak RSS {buildPeakMegabytes:F0} MiB. Timing {options.Iterations} iterations " +
                $"(k = {options.Factors}, {Options.AlsOptionSet.SolverName(options.Solver)}, {options.CgSteps} CG steps, {options.Threads} threads)..."));
        }

        var seconds = new List<double>();
        var trainer = new ImplicitAlsTrainer(options) { ComputeLoss = false };
        long fitStart = Stopwatch.GetTimestamp();
        try
        {
            trainer.Fit(train, byItem, report =>
            {
                seconds.Add(report.Elapsed.TotalSeconds);
                if (!json)
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  iteration {report.Iteration}: {report.Elapsed.TotalSeconds:F3} s (users {report.UserStep.TotalSeconds:F3} s, items {report.ItemStep.TotalSeconds:F3} s)"));
            }, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Cancelled;
        }

        // The whole fit, so the one-off work before the first iteration (the entries' confidences) is on record too.
        double fitSeconds = Stopwatch.GetElapsedTime(fitStart).TotalSeconds;
        double[] measured = [.. seconds.Skip(1).Order()];
        double median = measured.Length % 2 == 1 ? measured[measured.Length / 2]
            : (measured[measured.Length / 2 - 1] + measured[measured.Length / 2]) / 2;
        double flops = IterationFlops(train, options);
        var result = new BenchmarkResult(
            Preset: dataFolder is null ? preset : "data:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dataFolder))),
            Scale: dataFolder is null ? scale : 1,
            Users: train.Rows,
            Items: train.Columns,
            TrainNnz: train.NonZeros,
            Factors: options.Factors,
            Solver: Options.AlsOptionSet.SolverName(options.Solver),
            CgSteps: options.CgSteps,
            Threads: options.Threads,
            Iterations: options.Iterations,
            IterationSeconds: [.. seconds.Select(s => Math.Round(s, 4))],
            SecondsPerIterationMedian: Math.Round(median, 4),
            GflopPerIteration: Math.Round(flops / 1e9, 2),
            Gflops: Math.Round(flops / 1e9 / median, 2),
            BuildSeconds: Math.Round(buildSeconds, 2),
            FitSeconds: Math.Round(fitSeconds, 2),
            PeakRssMb: Math.Round(ProcessMemory.PeakResidentMegabytes(), 1),
            Avx512: Vector512.IsHardwareAccelerated,
            Cores: Environment.ProcessorCount);

        if (json)
        {
            console.Profile.Width = int.MaxValue;                 // one line, never wrapped
            console.WriteLine(JsonSerializer.Serialize(result, JsonFormat));
        }
        else
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Median of iterations 2..{options.Iterations}: {median:F3} s per iteration, {result.GflopPerIteration:F1} GFLOP per iteration " +
                $"= {result.Gflops:F1} GFLOP/s; the whole fit {fitSeconds:F1} s (with the entries' confidences, computed once); peak RSS {result.PeakRssMb:F0} MiB."));
        }
        return ExitCodes.Success;
    }

    /// <summary>Flops of one iteration by the formulas in the remarks on the type.</summary>
    internal static double IterationFlops(CsrMatrix train, AlsOptions options)
    {
        double k = options.Factors, users = train.Rows, items = train.Columns, entries = train.NonZeros;
        double HalfStep(double rows, double fixedRows) => (options.Solver == AlsSolver.ConjugateGradient
                ? (options.CgSteps + 1) * (2 * k * k * rows + 4 * k * entries) + 10 * k * options.CgSteps * rows
                : entries * k * (k + 1) + rows * (k * k * k / 3 + 2 * k * k))
            + fixedRows * k * (k + 1);
        return HalfStep(users, items) + HalfStep(items, users);
    }

    private static (CsrMatrix Train, CsrMatrix ByItem, string Description) Load(string preset, int scale, string? dataFolder, ulong dataSeed, int threads)
    {
        if (dataFolder is null)
        {
            InMemoryDataset data = InMemoryDataset.Build(preset, dataSeed, threads, scale);
            return (data.Train, data.TrainByItem, data.Describe());
        }
        PreparedDataset dataset = PreparedDataset.Open(dataFolder);
        CsrMatrix train = dataset.LoadTrain();
        return (train, dataset.LoadTrainByItem(), string.Create(CultureInfo.InvariantCulture,
            $"Prepared dataset {dataset.Folder}: {train.Rows:N0} users x {train.Columns:N0} artists, {train.NonZeros:N0} training rows."));
    }

    /// <summary>The benchmark's result as printed with <c>--json</c>.</summary>
    internal sealed record BenchmarkResult(string Preset, int Scale, int Users, int Items, long TrainNnz, int Factors, string Solver, int CgSteps,
        int Threads, int Iterations, double[] IterationSeconds, double SecondsPerIterationMedian, double GflopPerIteration, double Gflops,
        double BuildSeconds, double FitSeconds, double PeakRssMb, bool Avx512, int Cores);
}
