using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Data.Datasets;
using Data.Interactions;
using Data.Models;
using Linalg.Als;
using Linalg.Training;

namespace Cli.Tests;

/// <summary>
/// Issue 16, item 4: a name that several artists share (two bands called "Nirvana", told apart by MBID) is refused by
/// every command that resolves a name, listing the candidates with their MBIDs; the MBID picks one.
/// </summary>
public sealed class AmbiguousArtistTests : IDisposable
{
    private const string Grunge = "5b11f4ce-a62d-471e-81fc-a69a8278c7da", Sixties = "9282c8b4-ca0b-4c6b-b7e3-4f7762dfc4d6";

    private readonly TemporaryDirectory _folder = new();
    private readonly string _run;

    public AmbiguousArtistTests()
    {
        var lines = new StringBuilder();
        var random = new Random(16);
        for (int user = 0; user < 30; user++)
        {
            string sha1 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user.ToString(CultureInfo.InvariantCulture))))[..40];
            lines.Append(CultureInfo.InvariantCulture, $"{sha1}\t{(user % 2 == 0 ? Grunge : Sixties)}\tNirvana\t{1 + random.Next(50)}\n");
            foreach (int artist in Enumerable.Range(0, 12).OrderBy(_ => random.Next()).Take(5))
                lines.Append(CultureInfo.InvariantCulture, $"{sha1}\t\tArtist {artist}\t{1 + random.Next(50)}\n");
        }
        File.WriteAllText(_folder.File("plays.tsv"), lines.ToString());
        string dataset = _folder.File("dataset");
        _run = _folder.File("run");
        DatasetPreparer.Prepare(new PrepareOptions { Input = _folder.File("plays.tsv"), Output = dataset, Filter = new FilterOptions(1, 1) });
        PreparedDataset prepared = PreparedDataset.Open(dataset);
        var options = new AlsOptions { Factors = 4, Iterations = 2, Threads = 1 };
        ModelStore.Save(_run, new ImplicitAlsTrainer(options).Fit(prepared.LoadTrain()), options.Iterations, prepared);
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertListsBoth(string error)
    {
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("'nirvana' belongs to 2 artists", line, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("MBID " + Grunge, line, StringComparison.Ordinal);
        Assert.Contains("MBID " + Sixties, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_service_refuses_the_shared_name_with_400_listing_both_and_takes_the_mbid()
    {
        var model = TrainedModel.Load(_run);
        await using Cli.Serving.ModelServer server = await Cli.Serving.ModelServer.StartAsync(model, System.Net.IPAddress.Loopback, 0, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Address };
        string[] requests = ["similar?artist=nirvana", "explain?user=0&artist=Nirvana"];
        foreach (string path in requests)
        {
            using HttpResponseMessage response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            AssertListsBoth(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!);
        }
        foreach ((string path, string body) in new[] { ("recommend", "{\"users\": [\"0\"], \"candidates\": [\"Nirvana\"]}"), ("fold-in", "{\"plays\": [{\"artist\": \"nirvana\", \"plays\": 3}]}") })
        {
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
            Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
            AssertListsBoth(System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!);
        }
        using HttpResponseMessage byMbid = await client.GetAsync(new Uri("similar?artist=" + Grunge, UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.OK, byMbid.StatusCode);
    }

    [Fact]
    public void The_lookup_refuses_the_shared_name_and_names_both_artists()
    {
        SavedModel model = ModelStore.Load(_run);
        var lookup = new ModelLookup(model);
        var error = Assert.Throws<AmbiguousArtistException>(() => lookup.FindArtist("NIRVANA "));
        Assert.Equal(2, error.Items.Count);
        Assert.Equal([Grunge, Sixties], error.Items.Select(item => model.ArtistMbids[item]).Order(StringComparer.Ordinal));
        Assert.Equal(error.Items[0], lookup.FindArtist(model.ArtistMbids[error.Items[0]]!));
        Assert.Null(lookup.FindArtist("Nirvana UK"));
    }

    [Fact]
    public async Task Similar_and_explain_refuse_the_shared_name_and_accept_an_mbid()
    {
        (int similar, _, string similarError) = await CliRunner.RunAsync("similar", "--model", _run, "--artist", "nirvana");
        Assert.Equal(ExitCodes.UsageError, similar);
        AssertListsBoth(similarError);

        (int explain, _, string explainError) = await CliRunner.RunAsync("explain", "--model", _run, "--user", "0", "--artist", "nirvana");
        Assert.Equal(ExitCodes.UsageError, explain);
        AssertListsBoth(explainError);

        (int byMbid, string output, string error) = await CliRunner.RunAsync("similar", "--model", _run, "--artist", Sixties, "--json");
        Assert.True(byMbid == ExitCodes.Success, error);
        Assert.Contains(Sixties, output, StringComparison.Ordinal);
        (int explained, _, string explainedError) = await CliRunner.RunAsync("explain", "--model", _run, "--user", "0", "--artist", Grunge, "--json");
        Assert.True(explained == ExitCodes.Success, explainedError);
    }

    [Fact]
    public async Task Fold_in_refuses_a_line_with_the_shared_name_naming_the_line()
    {
        string plays = _folder.File("new-user.tsv");
        await File.WriteAllTextAsync(plays, "artist\tplays\nArtist 3\t20\nNirvana\t12\n");
        (int code, _, string error) = await CliRunner.RunAsync("fold-in", "--model", _run, "--plays", plays);
        Assert.Equal(ExitCodes.UsageError, code);
        AssertListsBoth(error);
        Assert.Contains("new-user.tsv, line 3:", error, StringComparison.Ordinal);

        await File.WriteAllTextAsync(plays, $"artist\tplays\nArtist 3\t20\n{Grunge}\t12\n");
        (int picked, string output, string pickedError) = await CliRunner.RunAsync("fold-in", "--model", _run, "--plays", plays, "--json");
        Assert.True(picked == ExitCodes.Success, pickedError);
        Assert.Contains("\"unknown_count\": 0", output, StringComparison.Ordinal);
    }
}
