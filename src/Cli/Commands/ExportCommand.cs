using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cli.Models;
using Data.Datasets;
using Data.Models;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als export</c>: the model as Parquet for other tools: user and item factors with their ids, and the top-N
/// recommendations of every user (training artists left out). See <see cref="ModelExporter"/> for the columns.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var model = ModelOptions.Model();
        var output = new Option<DirectoryInfo>("--out") { Description = "The folder to write the three Parquet files into.", Required = true };
        var count = ModelOptions.Count("recommendations per user");
        var data = ModelOptions.Data();
        var threads = ModelOptions.Threads();
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace export files already in --out." };
        var command = new Command("export", "Write user_factors, item_factors and recommendations (every user) as Parquet.") { model, output, count, data, threads, overwrite };
        command.SetAction((parse, cancellationToken) => Task.FromResult(ModelCommand.Run(parse, "export", () =>
        {
            DirectoryInfo folder = parse.GetRequiredValue(output);
            if (File.Exists(folder.FullName)) throw new CommandProblem($"the output {folder.FullName} is a file, not a folder.");
            string[] files = [ModelExporter.UserFactorsFile, ModelExporter.ItemFactorsFile, ModelExporter.RecommendationsFile];
            if (!parse.GetValue(overwrite) && files.FirstOrDefault(file => File.Exists(Path.Combine(folder.FullName, file))) is { } taken)
                throw new CommandProblem($"{Path.Combine(folder.FullName, taken)} already exists; use --overwrite to replace the export, or choose another --out.");
            TrainedModel trained = ModelCommand.Open(parse.GetRequiredValue(model), parse.GetValue(data));
            ModelCommand.CheckDataset(trained, parse.InvocationConfiguration.Error, "export");
            SavedModel saved = trained.Saved;
            PreparedDataset dataset = trained.Dataset;
            var clock = Stopwatch.StartNew();
            // Written into a staging folder inside --out (same file system, so the moves are renames): a full disk or
            // Ctrl-C leaves no truncated file under a final name.
            string staging = Path.Combine(folder.FullName, $".export-{Guid.NewGuid():N}");
            ModelExporter.Summary summary;
            try
            {
                summary = ModelExporter.Export(saved, dataset.LoadTrain(), staging, parse.GetValue(count), parse.GetValue(threads), cancellationToken);
                foreach (string file in files) File.Move(Path.Combine(staging, file), Path.Combine(folder.FullName, file), overwrite: true);
            }
            finally
            {
                if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            }
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {summary.Users:N0} user factor rows, {summary.Items:N0} item factor rows and {summary.Recommendations:N0} recommendations " +
                $"to {folder.FullName} in {clock.Elapsed.TotalSeconds:F1} s."));
            return ExitCodes.Success;
        })));
        return command;
    }
}
