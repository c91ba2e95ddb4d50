using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Cli.Serving;

/// <summary>
/// Request counts by endpoint, method and status, and a latency histogram by endpoint, written in the Prometheus text
/// format (version 0.0.4) for <c>GET /metrics</c>. Safe to record from many requests at once.
/// </summary>
internal sealed class ServiceMetrics
{
    /// <summary>
    /// Upper bounds of the latency buckets, in seconds: fine steps around the service's target (p50 ≤ 2 ms, p99 ≤ 10 ms
    /// for one user), coarse ones up to a batch's second.
    /// </summary>
    public static readonly double[] BucketBounds = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>The endpoint label of a request no route matched: one label, so unknown paths cannot grow the series without bound.</summary>
    public const string UnmatchedEndpoint = "unmatched";

    private readonly ConcurrentDictionary<(string Endpoint, string Method, int Status), long[]> _counts = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Method), Histogram> _latencies = new();

    /// <summary>Counts one answered request and its latency.</summary>
    public void Record(string endpoint, string method, int status, TimeSpan elapsed)
    {
        long[] count = _counts.GetOrAdd((endpoint, method, status), _ => new long[1]);
        Interlocked.Increment(ref count[0]);
        _latencies.GetOrAdd((endpoint, method), _ => new Histogram()).Add(elapsed.TotalSeconds);
    }

    /// <summary>Requests counted for (endpoint, method, status) so far.</summary>
    public long Count(string endpoint, string method, int status) =>
        _counts.TryGetValue((endpoint, method, status), out long[]? count) ? Interlocked.Read(ref count[0]) : 0;

    /// <summary>The Prometheus text exposition of every series, sorted so two scrapes compare line by line.</summary>
    public string Write()
    {
        var text = new StringBuilder();
        text.Append("# HELP als_http_requests_total HTTP requests answered, by endpoint, method and status code.\n");
        text.Append("# TYPE als_http_requests_total counter\n");
        foreach (var ((endpoint, method, status), count) in _counts.OrderBy(entry => entry.Key.Endpoint, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Method, StringComparer.Ordinal).ThenBy(entry => entry.Key.Status))
            text.Append(CultureInfo.InvariantCulture,
                $"als_http_requests_total{{endpoint=\"{Escape(endpoint)}\",method=\"{Escape(method)}\",status=\"{status}\"}} {Interlocked.Read(ref count[0])}\n");
        text.Append("# HELP als_http_request_duration_seconds Time from the request's arrival to its answer, by endpoint and method.\n");
        text.Append("# TYPE als_http_request_duration_seconds histogram\n");
        foreach (((string endpoint, string method), Histogram histogram) in _latencies.OrderBy(entry => entry.Key.Endpoint, StringComparer.Ordinal)
            .ThenBy(entry => entry.Key.Method, StringComparer.Ordinal))
            histogram.Write(text, $"endpoint=\"{Escape(endpoint)}\",method=\"{Escape(method)}\"");
        return text.ToString();
    }

    /// <summary>A label value with backslash, quote and newline escaped, as the format requires.</summary>
    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);

    /// <summary>Cumulative bucket counts, the sum and the count of one endpoint and method's latencies.</summary>
    private sealed class Histogram
    {
        private readonly long[] _buckets = new long[BucketBounds.Length + 1];     // the last one is +Inf
        private readonly Lock _lock = new();                                      // buckets, sum and count change together
        private double _sum;
        private long _count;

        public void Add(double seconds)
        {
            int bucket = 0;
            while (bucket < BucketBounds.Length && seconds > BucketBounds[bucket]) bucket++;
            lock (_lock)
            {
                _buckets[bucket]++;
                _sum += seconds;
                _count++;
            }
        }

        public void Write(StringBuilder text, string labels)
        {
            lock (_lock)
            {
                long cumulative = 0;
                for (int bucket = 0; bucket <= BucketBounds.Length; bucket++)
                {
                    cumulative += _buckets[bucket];
                    string bound = bucket < BucketBounds.Length ? BucketBounds[bucket].ToString("R", CultureInfo.InvariantCulture) : "+Inf";
                    text.Append(CultureInfo.InvariantCulture, $"als_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {cumulative}\n");
                }
                text.Append(CultureInfo.InvariantCulture, $"als_http_request_duration_seconds_sum{{{labels}}} {_sum.ToString("R", CultureInfo.InvariantCulture)}\n");
                text.Append(CultureInfo.InvariantCulture, $"als_http_request_duration_seconds_count{{{labels}}} {_count}\n");
            }
        }
    }
}
