using System.Net.Http.Json;
using System.Text.Json;

namespace Integration.Tests;

/// <summary>
/// Issue 16, item 3, on a real process: <c>als serve</c> loads the model once, prints its URL when ready, answers, and
/// stops cleanly with exit code 0 on SIGTERM (as on Ctrl-C, which reaches it as the same cancellation).
/// </summary>
public sealed class ServeProcessTests
{
    [Fact]
    public async Task Serve_prints_its_url_answers_and_exits_0_on_sigterm_and_on_ctrl_c()
    {
        using var folder = new TemporaryDirectory();
        string run = Path.Combine(folder.Path, "run");
        using (AlsProcess demo = AlsProcess.Start("demo", "demo", "--iterations", "2", "--factors", "8", "--out", run))
            Assert.True(await demo.WaitForExit(TimeSpan.FromMinutes(5)) == 0, demo.Output);
        await ServeThenStop(run, process => process.Terminate());
        await ServeThenStop(run, process => process.Interrupt());
    }

    private static async Task ServeThenStop(string run, Action<AlsProcess> stop)
    {
        using AlsProcess serve = AlsProcess.Start("serve", "serve", "--model", run, "--port", "0");
        string line = await serve.WaitForLine("Serving at http://127.0.0.1:", TimeSpan.FromMinutes(2));
        var address = new Uri(line[(line.IndexOf("http://", StringComparison.Ordinal))..].Split(' ')[0]);
        using var client = new HttpClient { BaseAddress = address };
        JsonElement health = await client.GetFromJsonAsync<JsonElement>(new Uri("healthz", UriKind.Relative));
        Assert.Equal("ok", health.GetProperty("status").GetString());
        JsonElement answer = await client.GetFromJsonAsync<JsonElement>(new Uri("recommend?user=0&n=3", UriKind.Relative));
        Assert.Equal(3, answer.GetProperty("recommendations").GetArrayLength());

        stop(serve);
        Assert.Equal(0, await serve.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Contains("Stopped.", serve.Output, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync(new Uri("healthz", UriKind.Relative)));
    }
}
