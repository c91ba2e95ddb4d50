// Open-loop load against a running `als serve`: GET /recommend for random users at a fixed rate (each request is sent at
// its scheduled time whether or not the earlier ones have answered, so a slow answer cannot hide the requests queued
// behind it), then timed batches of POST /recommend. Prints latency percentiles.
//
//   dotnet run -c Release -- --url http://127.0.0.1:8080/ [--rate 200] [--seconds 30] [--warmup 5] [--n 10] [--batch 1000] [--batches 10] [--seed 1]
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

var options = Arguments.Parse(args);
using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
using var client = new HttpClient(handler) { BaseAddress = new Uri(options.Url), Timeout = TimeSpan.FromSeconds(30) };
JsonElement health = await client.GetFromJsonAsync<JsonElement>("healthz");
int users = health.GetProperty("users").GetInt32();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"model: {users:N0} users, {health.GetProperty("artists").GetInt32():N0} artists, k = {health.GetProperty("factors").GetInt32()}"));
var random = new Random(options.Seed);

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {options.Warmup} s at {options.Rate} requests/s"));
await OpenLoop(client, random, users, options, options.Warmup);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"GET /recommend n={options.N}: {options.Seconds} s at {options.Rate} requests/s, open loop"));
(List<double> scheduled, List<double> sent, int errors, double achieved) = await OpenLoop(client, random, users, options, options.Seconds);
Report("latency from the scheduled send time", scheduled);
Report("latency from the actual send time   ", sent);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {scheduled.Count + errors} requests, {errors} errors, achieved {achieved:F1} requests/s"));

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST /recommend: {options.Batches} batches of {options.Batch} random users, n={options.N}, one at a time"));
var batchTimes = new List<double>();
for (int b = 0; b < options.Batches; b++)
{
    string body = JsonSerializer.Serialize(new { users = Enumerable.Range(0, options.Batch).Select(_ => random.Next(users).ToString(CultureInfo.InvariantCulture)), n = options.N });
    using var content = new StringContent(body, Encoding.UTF8, "application/json");
    long start = Stopwatch.GetTimestamp();
    using HttpResponseMessage response = await client.PostAsync("recommend", content);
    byte[] answer = await response.Content.ReadAsByteArrayAsync();
    double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"batch answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(answer)}");
    batchTimes.Add(ms);
}
Report("batch latency", batchTimes);
return 0;

static async Task<(List<double> Scheduled, List<double> Sent, int Errors, double Achieved)> OpenLoop(HttpClient client, Random random, int users, Arguments options, int seconds)
{
    int total = options.Rate * seconds;
    var fromScheduled = new double[total];
    var fromSent = new double[total];
    var failed = new bool[total];
    var inFlight = new List<Task>(total);
    double tick = Stopwatch.Frequency / (double)options.Rate;
    long spinSlack = Stopwatch.Frequency * 3 / 2000;              // 1.5 ms
    long origin = Stopwatch.GetTimestamp();
    for (int i = 0; i < total; i++)
    {
        long due = origin + (long)(i * tick);
        // Task.Delay wakes up to a millisecond or two late, which would count as the server's latency: sleep until
        // spinSlack before the due time, then spin, and send from this thread (the request's first await frees it).
        long wait = due - Stopwatch.GetTimestamp();
        if (wait > spinSlack) await Task.Delay(TimeSpan.FromSeconds((double)(wait - spinSlack) / Stopwatch.Frequency));
        while (Stopwatch.GetTimestamp() < due) Thread.SpinWait(20);
        int slot = i;
        string path = string.Create(CultureInfo.InvariantCulture, $"recommend?user={random.Next(users)}&n={options.N}");
        inFlight.Add(Send());

        async Task Send()
        {
            long sent = Stopwatch.GetTimestamp();
            try
            {
                using HttpResponseMessage response = await client.GetAsync(path);
                await response.Content.ReadAsByteArrayAsync();
                failed[slot] = !response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                failed[slot] = true;
            }
            long done = Stopwatch.GetTimestamp();
            fromScheduled[slot] = (done - due) * 1000.0 / Stopwatch.Frequency;
            fromSent[slot] = (done - sent) * 1000.0 / Stopwatch.Frequency;
        }
    }
    await Task.WhenAll(inFlight);
    double elapsed = Stopwatch.GetElapsedTime(origin).TotalSeconds;
    var okScheduled = new List<double>();
    var okSent = new List<double>();
    for (int i = 0; i < total; i++)
        if (!failed[i])
        {
            okScheduled.Add(fromScheduled[i]);
            okSent.Add(fromSent[i]);
        }
    return (okScheduled, okSent, failed.Count(f => f), total / elapsed);
}

static void Report(string label, List<double> milliseconds)
{
    if (milliseconds.Count == 0)
    {
        Console.WriteLine($"  {label}: no successful request");
        return;
    }
    double[] sorted = [.. milliseconds.Order()];
    double At(double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"  {label}: p50 {At(0.50):F2} ms, p90 {At(0.90):F2} ms, p99 {At(0.99):F2} ms, p99.9 {At(0.999):F2} ms, max {sorted[^1]:F2} ms ({sorted.Length} samples)"));
}

/// <summary>The command line.</summary>
internal sealed record Arguments(string Url, int Rate, int Seconds, int Warmup, int N, int Batch, int Batches, int Seed)
{
    public static Arguments Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length) throw new ArgumentException($"expected --name value pairs; got '{args[i]}'.");
            values[args[i][2..]] = args[i + 1];
        }
        int Int(string name, int fallback)
        {
            if (!values.Remove(name, out string? text)) return fallback;
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) && value > 0
                ? value : throw new ArgumentException($"--{name} must be a positive whole number; got '{text}'.");
        }
        string url = values.Remove("url", out string? given) ? given : "http://127.0.0.1:8080/";
        var parsed = new Arguments(url.EndsWith('/') ? url : url + "/", Int("rate", 200), Int("seconds", 30), Int("warmup", 5), Int("n", 10),
            Int("batch", 1000), Int("batches", 10), Int("seed", 1));
        if (values.Count > 0) throw new ArgumentException("unknown option(s): " + string.Join(", ", values.Keys.Select(key => "--" + key)));
        return parsed;
    }
}
