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
        var command = new Command("export", "Write user_factors, item_factors and recommendations (every user) as Parquet.") { model, output, count, data, threads };
        command.SetAction((parse, cancellationToken) => Task.FromResult(ModelCommand.Run(parse, "export", () =>
        {
            DirectoryInfo folder = parse.GetRequiredValue(output);
            if (File.Exists(folder.FullName)) throw new CommandProblem($"the output {folder.FullName} is a file, not a folder.");
            SavedModel saved = ModelCommand.Load(parse.GetRequiredValue(model));
            PreparedDataset dataset = ModelCommand.OpenDataset(saved, parse.GetValue(data), parse.InvocationConfiguration.Error, "export");
            var clock = Stopwatch.StartNew();
            ModelExporter.Summary summary = ModelExporter.Export(saved, dataset.LoadTrain(), folder.FullName, parse.GetValue(count), parse.GetValue(threads),
                cancellationToken);
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Wrote {summary.Users:N0} user factor rows, {summary.Items:N0} item factor rows and {summary.Recommendations:N0} recommendations " +
                $"to {folder.FullName} in {clock.Elapsed.TotalSeconds:F1} s."));
            return ExitCodes.Success;
        })));
        return command;
    }
}
