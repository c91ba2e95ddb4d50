using System.Globalization;
using Data.Datasets;
using Data.Models;
using Linalg.Als;
using Linalg.Sparse;
using Spectre.Console;

namespace Cli.Runs;

/// <summary>Trains on a prepared dataset in one process and saves the model: what <c>train</c> and <c>demo</c> share.</summary>
internal static class DatasetTraining
{
    /// <summary>Loads <paramref name="dataset"/>, trains with metrics per iteration, saves the model into the run folder.</summary>
    public static RunResult Run(IAnsiConsole console, PreparedDataset dataset, AlsOptions options, EvaluationSettings evaluation, RunDirectory run,
        CancellationToken cancellationToken)
    {
        CsrMatrix train = dataset.LoadTrain(), byItem = dataset.LoadTrainByItem(), test = dataset.LoadTest();
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dataset {dataset.Folder}: {train.Rows:N0} users x {train.Columns:N0} artists, {train.NonZeros:N0} train and {test.NonZeros:N0} test rows."));
        console.WriteLine("Training ALS: " + Commands.DemoCommand.Describe(options));
        RunResult result = InMemoryTrainingRun.Run(train, byItem, test, options, evaluation, run, console, cancellationToken);
        string folder = ModelStore.Save(run.Path, result.Model, options.Iterations, dataset);
        console.WriteLine("Model: " + folder);
        return result;
    }
}
