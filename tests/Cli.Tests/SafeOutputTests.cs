using System.Runtime.Versioning;
using Data.Datasets;
using Data.Models;

namespace Cli.Tests;

/// <summary>Issue 17, item 10: export and report never overwrite silently, and model files take their mode from the umask.</summary>
public sealed class SafeOutputTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [Fact]
    public async Task Export_refuses_to_overwrite_without_the_option_and_leaves_no_staging_folder()
    {
        (string run, string dataset) = tiny.Copy();
        string output = Path.Combine(Path.GetDirectoryName(run)!, "export");
        (int first, _, string firstError) = await CliRunner.RunAsync("export", "--model", run, "--data", dataset, "--out", output);
        Assert.True(first == ExitCodes.Success, firstError);
        string file = Path.Combine(output, ModelExporter.UserFactorsFile);
        File.WriteAllText(file, "earlier export");

        (int again, _, string error) = await CliRunner.RunAsync("export", "--model", run, "--data", dataset, "--out", output);
        Assert.Equal(ExitCodes.UsageError, again);
        Assert.Contains("already exists; use --overwrite", error, StringComparison.Ordinal);
        Assert.Equal("earlier export", File.ReadAllText(file));

        (int replaced, _, string replacedError) = await CliRunner.RunAsync("export", "--model", run, "--data", dataset, "--out", output, "--overwrite");
        Assert.True(replaced == ExitCodes.Success, replacedError);
        Assert.NotEqual("earlier export", File.ReadAllText(file));
        Assert.Empty(Directory.GetDirectories(output));                                  // the staging folder is gone
    }

    [Fact]
    public async Task Report_refuses_to_overwrite_an_existing_out_file_without_the_option()
    {
        (string run, string dataset) = tiny.Copy();
        string output = Path.Combine(Path.GetDirectoryName(run)!, "mine.html");
        File.WriteAllText(output, "keep me");
        (int code, _, string error) = await CliRunner.RunAsync("report", "--model", run, "--data", dataset, "--out", output, "--eval-users", "10");
        Assert.Equal(ExitCodes.UsageError, code);
        Assert.Contains("already exists; use --overwrite", error, StringComparison.Ordinal);
        Assert.Equal("keep me", File.ReadAllText(output));

        (int replaced, _, string replacedError) = await CliRunner.RunAsync("report", "--model", run, "--data", dataset, "--out", output, "--eval-users", "10", "--overwrite");
        Assert.True(replaced == ExitCodes.Success, replacedError);
        Assert.StartsWith("<!DOCTYPE html>", File.ReadAllText(output), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(output)!, "*.tmp"));
    }

    [Fact, SupportedOSPlatform("linux")]
    public void Model_files_take_the_mode_a_new_file_gets_not_the_datasets()
    {
        (_, string dataset) = tiny.Copy();
        const UnixFileMode Unusual = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;   // 606
        File.SetUnixFileMode(Path.Combine(dataset, DatasetLayout.Users), Unusual);
        File.SetUnixFileMode(Path.Combine(dataset, DatasetLayout.Items), Unusual);
        string run = Path.Combine(Path.GetDirectoryName(dataset)!, "saved");
        string folder = ModelStore.Save(run, tiny.Model.Model, 4, PreparedDataset.Open(dataset));
        string probe = Path.Combine(folder, "probe");
        File.WriteAllText(probe, "");
        UnixFileMode fresh = File.GetUnixFileMode(probe);                        // what the umask gives any new file
        Assert.NotEqual(Unusual, fresh);
        foreach (string file in Directory.GetFiles(folder).Where(file => file != probe))
            Assert.True(File.GetUnixFileMode(file) == fresh, $"{Path.GetFileName(file)} has mode {File.GetUnixFileMode(file)}, a new file {fresh}");
    }
}
