using System.Globalization;
using System.Text;

namespace Cli.Tests.Reports;

/// <summary>
/// One small run for the report tests, made through the command line as a user would: a Last.fm-format TSV whose
/// artist names hold markup, quotes and ampersands; prepare; tune into the run folder; train (which writes the report).
/// </summary>
public sealed class ReportRunFixture : IAsyncLifetime, IDisposable
{
    /// <summary>Iterations of the training run: the number of points every per-iteration chart must have.</summary>
    public const int Iterations = 4;

    /// <summary>Users and artists of the TSV: small enough to train in well under a second, enough for every section.</summary>
    private const int Users = 120, Artists = 60, ArtistsPerUser = 15;

    private readonly TemporaryDirectory _folder = new();

    public string Dataset => _folder.File("dataset");

    public string Run => _folder.File("run");

    public string TrainOutput { get; private set; } = "";

    /// <summary>The artist name of index <paramref name="artist"/> in the TSV: text that breaks HTML unless escaped.</summary>
    public static string ArtistName(int artist) => string.Create(CultureInfo.InvariantCulture, $"Band <b>\"{artist}\"</b> & Sons' <i>x</i>");

    public async Task InitializeAsync()
    {
        var tsv = new StringBuilder();
        var random = new Random(17);
        for (int user = 0; user < Users; user++)
        {
            // Two taste groups, so the model has something to learn beyond popularity.
            int group = user % 2;
            foreach (int artist in Enumerable.Range(0, Artists).Where(artist => artist % 2 == group || artist < 6).OrderBy(_ => random.Next()).Take(ArtistsPerUser))
                tsv.Append(CultureInfo.InvariantCulture, $"user{user:D4}\t\t{ArtistName(artist)}\t{1 + random.Next(200)}\n");
        }
        string input = _folder.File("plays.tsv");
        await File.WriteAllTextAsync(input, tsv.ToString());
        (int prepare, string prepareOutput, string prepareError) = await CliRunner.RunAsync("prepare", "--input", input, "--out", Dataset);
        Assert.True(prepare == ExitCodes.Success, prepareError + prepareOutput);
        (int tune, string tuneOutput, string tuneError) = await CliRunner.RunAsync("tune", "--data", Dataset, "--trials", "3", "--out", Run, "--seed", "5");
        Assert.True(tune == ExitCodes.Success, tuneError + tuneOutput);
        (int train, string trainOutput, string trainError) = await CliRunner.RunAsync("train", "--data", Dataset, "--out", Run,
            "--factors", "8", "--iterations", Iterations.ToString(CultureInfo.InvariantCulture), "--eval-users", "all");
        Assert.True(train == ExitCodes.Success, trainError + trainOutput);
        Assert.DoesNotContain("warning", trainError, StringComparison.Ordinal);
        TrainOutput = trainOutput;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();
}
