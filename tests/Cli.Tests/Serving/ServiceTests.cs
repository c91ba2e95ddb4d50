using System.Net;
using System.Text;
using System.Text.Json;
using Data.Models;

namespace Cli.Tests.Serving;

/// <summary>
/// Issue 16, item 3: <c>als serve</c>'s endpoints through a real Kestrel on the tiny model: each answer equals the library's
/// (itself checked against brute force in <see cref="TrainedModelTests"/>) and carries the same JSON names as the command's
/// <c>--json</c>; every bad request is a 4xx with a one-line <c>{"error": ...}</c>.
/// </summary>
public sealed class ServiceTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    private HttpClient Client => service.Client;

    private TrainedModel Model => service.Model;

    private string Sha1(int user) => service.Tiny.Model.UserIds[user];

    private async Task<JsonElement> GetJsonAsync(string path)
    {
        using HttpResponseMessage response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.PostAsync(new Uri(path, UriKind.Relative), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static int[] Items(JsonElement list) => [.. list.EnumerateArray().Select(entry => entry.GetProperty("item_index").GetInt32())];

    /// <summary>The property names of a JSON value, recursively, as "path.name" (array elements share one path).</summary>
    private static SortedSet<string> Names(JsonElement element, string path = "")
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        if (element.ValueKind == JsonValueKind.Object)
            foreach (JsonProperty property in element.EnumerateObject())
            {
                names.Add(path + "." + property.Name);
                names.UnionWith(Names(property.Value, path + "." + property.Name));
            }
        else if (element.ValueKind == JsonValueKind.Array)
            foreach (JsonElement item in element.EnumerateArray()) names.UnionWith(Names(item, path + "[]"));
        return names;
    }

    [Fact]
    public async Task Get_recommend_answers_what_the_library_and_the_command_answer_with_the_same_names()
    {
        const int user = 7;
        JsonElement answer = await GetJsonAsync($"recommend?user={Sha1(user)}&n=5");
        Assert.Equal(user, answer.GetProperty("user_index").GetInt32());
        Assert.Equal(Model.Recommend(user, 5).Select(entry => entry.ItemIndex), Items(answer.GetProperty("recommendations")));
        Assert.Equal(service.Tiny.Train.RowColumns(user).Length, answer.GetProperty("listened_artists").GetInt32());

        (int code, string output, string error) = await CliRunner.RunAsync("recommend", "--model", service.Tiny.Run, "--user", Sha1(user), "-n", "5", "--json");
        Assert.True(code == 0, error);
        JsonElement command = JsonDocument.Parse(output).RootElement;
        Assert.Equal(Names(command), Names(answer));
        Assert.Equal(Items(command.GetProperty("recommendations")), Items(answer.GetProperty("recommendations")));
        Assert.Equal(Items(command.GetProperty("most_played")), Items(answer.GetProperty("most_played")));

        JsonElement unfiltered = await GetJsonAsync($"recommend?user={user}&n=5&filter=false");
        Assert.Equal(Model.Recommend(user, 5, filterAlreadyListened: false).Select(entry => entry.ItemIndex), Items(unfiltered.GetProperty("recommendations")));
    }

    [Fact]
    public async Task Post_recommend_answers_each_user_in_order_and_ranks_only_the_candidates()
    {
        int[] users = [12, 3, 12];
        string[] candidates = [TinyModel.Name(1), TinyModel.Mbid(4), TinyModel.Name(3), TinyModel.Name(9)];
        int[] candidateItems = [.. candidates.Select(text => Model.Lookup.FindArtist(text)!.Value)];
        string body = JsonSerializer.Serialize(new { users = users.Select(Sha1), n = 3, filter = false, candidates });
        (HttpStatusCode status, string text) = await PostAsync("recommend", body);
        Assert.True(status == HttpStatusCode.OK, text);
        JsonElement[] results = [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
        Assert.Equal(users, results.Select(result => result.GetProperty("user_index").GetInt32()));
        for (int slot = 0; slot < users.Length; slot++)
        {
            int[] expected = [.. Model.Recommend(users[slot], 3, filterAlreadyListened: false, candidateItems).Select(entry => entry.ItemIndex)];
            Assert.Equal(3, expected.Length);
            Assert.Equal(expected, Items(results[slot].GetProperty("recommendations")));
            Assert.All(expected, item => Assert.Contains(item, candidateItems));
        }

        (status, text) = await PostAsync("recommend", JsonSerializer.Serialize(new { users = new[] { "5", "40" } }));
        Assert.Equal(HttpStatusCode.OK, status);
        JsonElement[] plain = [.. JsonDocument.Parse(text).RootElement.GetProperty("results").EnumerateArray()];
        IReadOnlyList<IReadOnlyList<ArtistScore>> batch = Model.RecommendBatch([5, 40], 10);
        Assert.Equal(batch[0].Select(entry => entry.ItemIndex), Items(plain[0].GetProperty("recommendations")));
        Assert.Equal(batch[1].Select(entry => entry.ItemIndex), Items(plain[1].GetProperty("recommendations")));
    }

    [Fact]
    public async Task Similar_explain_fold_in_and_search_answer_as_the_library_and_the_commands()
    {
        int item = service.Tiny.Item(1);
        JsonElement similar = await GetJsonAsync($"similar?artist={Uri.EscapeDataString(TinyModel.Name(1))}&n=4");
        Assert.Equal(Model.SimilarArtists(item, 4).Select(entry => entry.ItemIndex), Items(similar.GetProperty("similar")));
        Assert.Equal(Items(similar.GetProperty("similar")), Items((await GetJsonAsync($"similar?item={item}&n=4")).GetProperty("similar")));
        (int code, string output, _) = await CliRunner.RunAsync("similar", "--model", service.Tiny.Run, "--artist", TinyModel.Name(1), "-n", "4", "--json");
        Assert.Equal(0, code);
        Assert.Equal(Names(JsonDocument.Parse(output).RootElement), Names(similar));

        JsonElement explained = await GetJsonAsync($"explain?user=3&item={item}&n=2");
        ExplainedScore expected = Model.Explain(3, item, 2);
        Assert.True(explained.GetProperty("consistent").GetBoolean());
        Assert.Equal(expected.SumOfContributions, explained.GetProperty("sum_of_contributions").GetDouble(), 1e-12);
        Assert.Equal(expected.Contributors.Select(c => c.ItemIndex), Items(explained.GetProperty("contributors")));

        string plays = JsonSerializer.Serialize(new
        {
            plays = new object[] { new { artist = TinyModel.Name(0), plays = 40 }, new { artist = TinyModel.Mbid(5), plays = 3 }, new { artist = "Nobody Known", plays = 2 } },
            n = 4,
        });
        (HttpStatusCode status, string text) = await PostAsync("fold-in", plays);
        Assert.True(status == HttpStatusCode.OK, text);
        JsonElement folded = JsonDocument.Parse(text).RootElement;
        FoldedInListener library = Model.FoldIn([KeyValuePair.Create(service.Tiny.Item(0), 40f), KeyValuePair.Create(service.Tiny.Item(5), 3f)], 4);
        Assert.Equal(library.Recommendations.Select(entry => entry.ItemIndex), Items(folded.GetProperty("recommendations")));
        Assert.Equal(3, folded.GetProperty("lines").GetInt32());
        Assert.Equal(["Nobody Known"], folded.GetProperty("unknown_artists").EnumerateArray().Select(e => e.GetString()));
        string file = Path.Combine(service.Tiny.NewFolder(), "plays.tsv");
        File.WriteAllText(file, $"{TinyModel.Name(0)}\t40\n{TinyModel.Mbid(5)}\t3\nNobody Known\t2\n");
        (code, output, _) = await CliRunner.RunAsync("fold-in", "--model", service.Tiny.Run, "--plays", file, "-n", "4", "--json");
        Assert.Equal(0, code);
        JsonElement command = JsonDocument.Parse(output).RootElement;
        Assert.Equal(Names(command), Names(folded));
        Assert.Equal(Items(command.GetProperty("recommendations")), Items(folded.GetProperty("recommendations")));

        JsonElement search = await GetJsonAsync($"search?q={Sha1(9)[..6]}&n=5");
        Assert.Contains(9, search.GetProperty("users").EnumerateArray().Select(user => user.GetProperty("user_index").GetInt32()));
        Assert.All(search.GetProperty("users").EnumerateArray(), user => Assert.StartsWith(Sha1(9)[..6], user.GetProperty("user_sha1").GetString(), StringComparison.Ordinal));
        JsonElement artists = await GetJsonAsync("search?q=artist%201&n=20");
        int[] expectedArtists = [.. Enumerable.Range(0, TinyModel.Artists).Select(TinyModel.Name).Where(name => name.StartsWith("Artist 1", StringComparison.Ordinal))
            .Select(name => Array.IndexOf(service.Tiny.Model.ArtistNames, name)).Where(index => index >= 0)];
        Assert.Equal(expectedArtists.Order(), Items(artists.GetProperty("artists")).Order());
        Assert.Equal(TinyModel.Artists, (await GetJsonAsync("healthz")).GetProperty("artists").GetInt32());
    }

    public static TheoryData<string, string, string?, int> BadRequests => new()
    {
        { "GET", "recommend?user=nobody", null, 404 },
        { "GET", "recommend", null, 400 },
        { "GET", "recommend?user=1&n=0", null, 400 },
        { "GET", "recommend?user=1&n=-3", null, 400 },
        { "GET", "recommend?user=1&n=1001", null, 400 },
        { "GET", "recommend?user=1&n=ten", null, 400 },
        { "GET", "recommend?user=1&n=99999999999", null, 400 },
        { "GET", "recommend?user=1&user=2", null, 400 },
        { "GET", "recommend?user=1&filter=maybe", null, 400 },
        { "GET", "similar?artist=Nobody%20At%20All", null, 404 },
        { "GET", "similar", null, 400 },
        { "GET", "similar?artist=Artist%202&item=2", null, 400 },
        { "GET", "similar?item=999", null, 404 },
        { "GET", "similar?item=-1", null, 404 },
        { "GET", "similar?item=1&n=0", null, 400 },
        { "GET", "explain?user=1", null, 400 },
        { "GET", "explain?user=nobody&item=1", null, 404 },
        { "GET", "explain?user=1&artist=nobody", null, 404 },
        { "GET", "search", null, 400 },
        { "GET", "search?q=a&n=5000", null, 400 },
        { "GET", "no/such/endpoint", null, 404 },
        { "DELETE", "recommend", null, 405 },
        { "POST", "recommend", "{\"users\": [\"1\"", 400 },
        { "POST", "recommend", "", 400 },
        { "POST", "recommend", "null", 400 },
        { "POST", "recommend", "[1, 2]", 400 },
        { "POST", "recommend", "{}", 400 },
        { "POST", "recommend", "{\"users\": []}", 400 },
        { "POST", "recommend", "{\"users\": [1]}", 400 },
        { "POST", "recommend", "{\"users\": [null]}", 400 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"n\": 0}", 400 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"n\": 1001}", 400 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"count\": 5}", 400 },
        { "POST", "recommend", "{\"users\": [\"1\", \"nobody\"]}", 404 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"candidates\": [\"Nobody\"]}", 404 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"candidates\": [null]}", 400 },
        { "POST", "recommend", "{\"users\": [\"1\"], \"n\": \"ten\"}", 400 },
        { "POST", "fold-in", "{\"plays\": []}", 400 },
        { "POST", "fold-in", "{\"plays\": [null]}", 400 },
        { "POST", "fold-in", "{\"plays\": [{\"artist\": \"Artist 2\", \"plays\": 0}]}", 400 },
        { "POST", "fold-in", "{\"plays\": [{\"artist\": \"\", \"plays\": 4}]}", 400 },
        { "POST", "fold-in", "{\"plays\": [{\"artist\": \"Artist 2\"}]}", 400 },
        { "POST", "fold-in", "{\"plays\": [{\"artist\": \"Nobody\", \"plays\": 4}]}", 404 },
        { "POST", "fold-in", "{\"plays\": [{\"artist\": \"Artist 2\", \"plays\": 4}], \"n\": -1}", 400 },
        { "POST", "fold-in", "not json", 400 },
    };

    [Theory, MemberData(nameof(BadRequests))]
    public async Task A_bad_request_gets_its_4xx_and_a_one_line_json_error(string method, string path, string? body, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await Client.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == expected, $"{method} {path} {body}: {(int)response.StatusCode} {text}");
        AssertOneLineError(text);
    }

    private static void AssertOneLineError(string text)
    {
        Assert.DoesNotContain('\n', text);
        JsonElement error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(["error"], error.EnumerateObject().Select(property => property.Name));
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task A_body_over_one_megabyte_is_refused_with_413()
    {
        string big = "{\"users\": [" + string.Join(",", Enumerable.Repeat("\"1\"", 300_000)) + "]}";
        Assert.True(big.Length > 1 << 20);
        (HttpStatusCode status, string text) = await PostAsync("recommend", big);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        AssertOneLineError(text);
    }

    [Fact]
    public async Task The_page_and_its_files_are_served_from_the_assembly_with_no_external_reference()
    {
        foreach ((string path, string type) in new[] { ("", "text/html"), ("app.js", "text/javascript"), ("style.css", "text/css") })
        {
            using HttpResponseMessage response = await Client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            string text = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("http://", text, StringComparison.Ordinal);
            Assert.DoesNotContain("https://", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Serve_refuses_a_port_in_use_and_a_bad_host_in_one_line_with_exit_code_2()
    {
        int port = service.Server.Address.Port;                                   // taken by the fixture's server
        (int code, string output, string error) = await CliRunner.RunAsync("serve", "--model", service.Tiny.Run, "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(code == 2, output + error);
        string line = Assert.Single(error.Trim().Split('\n'));
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", line, StringComparison.Ordinal);

        (code, _, error) = await CliRunner.RunAsync("serve", "--model", service.Tiny.Run, "--host", "my-laptop");
        Assert.Equal(2, code);
        Assert.Contains("--host must be an IP address or localhost; got 'my-laptop'", error, StringComparison.Ordinal);
    }
}
