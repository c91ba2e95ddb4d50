using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Cli.Serving;

namespace Cli.Tests.Serving;

/// <summary><c>/metrics</c> counts every answered request by endpoint, method and status, with a latency histogram.</summary>
public sealed partial class ServiceMetricsTests(TinyModel tiny) : IClassFixture<TinyModel>
{
    [GeneratedRegex("""^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)$""")]
    private static partial Regex Sample();

    /// <summary>Every sample of a scrape by "name{labels}" (labels as written).</summary>
    private static Dictionary<string, double> Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#')) continue;
            Match match = Sample().Match(line);
            Assert.True(match.Success, "not a Prometheus sample line: " + line);
            samples.Add($"{match.Groups["name"].Value}{{{match.Groups["labels"].Value}}}", double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));
        }
        return samples;
    }

    [Fact]
    public async Task Requests_are_counted_by_endpoint_method_and_status_and_timed()
    {
        await using ModelServer server = await ModelServer.StartAsync(Data.Models.TrainedModel.Load(tiny.Run), IPAddress.Loopback, 0, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Address };
        for (int i = 0; i < 3; i++) (await client.GetAsync(new Uri("recommend?user=1&n=3", UriKind.Relative))).Dispose();
        for (int i = 0; i < 2; i++) (await client.GetAsync(new Uri("recommend?user=nobody", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("recommend?user=1&n=0", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("healthz", UriKind.Relative))).Dispose();
        (await client.GetAsync(new Uri("nothing/here", UriKind.Relative))).Dispose();

        using HttpResponseMessage response = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Dictionary<string, double> samples = Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(3, samples["als_http_requests_total{endpoint=\"/recommend\",method=\"GET\",status=\"200\"}"]);
        Assert.Equal(2, samples["als_http_requests_total{endpoint=\"/recommend\",method=\"GET\",status=\"404\"}"]);
        Assert.Equal(1, samples["als_http_requests_total{endpoint=\"/recommend\",method=\"GET\",status=\"400\"}"]);
        Assert.Equal(1, samples["als_http_requests_total{endpoint=\"/healthz\",method=\"GET\",status=\"200\"}"]);
        Assert.Equal(1, samples["als_http_requests_total{endpoint=\"unmatched\",method=\"GET\",status=\"404\"}"]);
        Assert.DoesNotContain(samples.Keys, key => key.Contains("/metrics", StringComparison.Ordinal));   // the scrape is counted after it answers

        Assert.Equal(6, samples["als_http_request_duration_seconds_count{endpoint=\"/recommend\",method=\"GET\"}"]);
        Assert.Equal(6, samples["als_http_request_duration_seconds_bucket{endpoint=\"/recommend\",method=\"GET\",le=\"+Inf\"}"]);
        Assert.True(samples["als_http_request_duration_seconds_sum{endpoint=\"/recommend\",method=\"GET\"}"] > 0);
        double previous = 0;
        foreach (double bound in ServiceMetrics.BucketBounds)                   // cumulative buckets never decrease
        {
            double count = samples[$"als_http_request_duration_seconds_bucket{{endpoint=\"/recommend\",method=\"GET\",le=\"{bound.ToString("R", CultureInfo.InvariantCulture)}\"}}"];
            Assert.True(count >= previous);
            previous = count;
        }

        using HttpResponseMessage again = await client.GetAsync(new Uri("metrics", UriKind.Relative));
        Assert.Equal(1, Parse(await again.Content.ReadAsStringAsync())["als_http_requests_total{endpoint=\"/metrics\",method=\"GET\",status=\"200\"}"]);
        Assert.Equal(3, server.Metrics.Count("/recommend", "GET", 200));
    }
}
