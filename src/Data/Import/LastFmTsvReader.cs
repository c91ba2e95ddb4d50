using System.Globalization;

namespace Data.Import;

/// <summary>
/// Reads the Last.fm 360K format: <c>user_sha1 TAB artist_mbid TAB artist_name TAB plays</c>, no header, UTF-8.
/// Every line either becomes a row of the collector or a rejected row with its line number and reason.
/// </summary>
public static class LastFmTsvReader
{
    /// <summary>The detail of a <see cref="RejectReason.LineTooLong"/> reject.</summary>
    internal static readonly string TooLong = string.Create(CultureInfo.InvariantCulture, $"the line is longer than {RejectReasons.MaxLineBytes} bytes (first bytes shown)");

    /// <summary>
    /// Bytes per chunk of whole lines handed to a parser thread: 16 MiB is ~300K Last.fm lines, enough that the
    /// per-chunk work (numbering its distinct ids in the collector) is small beside the parsing, and small enough
    /// that the chunks in memory (threads + 2: one per parser, one waiting to merge, one being read) add little to the
    /// peak memory. One line less than 16 MiB, so a full chunk (at most this plus one line) fits a pooled 16 MiB array.
    /// </summary>
    public const int DefaultChunkBytes = (16 << 20) - RejectReasons.MaxLineBytes;

    /// <summary>Progress is reported each time this many more lines have been merged.</summary>
    private const long ProgressLines = 1_000_000;

    /// <summary>Reads every line of <paramref name="input"/>, parsing chunks of lines on <paramref name="threads"/> threads.</summary>
    /// <param name="input">The TSV bytes.</param>
    /// <param name="collector">Receives the rows.</param>
    /// <param name="rejects">Receives the dropped lines, in line order.</param>
    /// <param name="progress">Called about every 1M lines with (bytes read, lines read).</param>
    /// <param name="threads">Parser threads; 1 parses on the calling thread.</param>
    /// <param name="chunkBytes">Bytes of whole lines per chunk (tests force it small).</param>
    /// <param name="timings">Receives the seconds spent reading, parsing and keying (optional).</param>
    /// <returns>The number of lines read.</returns>
    /// <remarks>
    /// The input is cut into chunks in order, the chunks are parsed in parallel, and each parsed chunk is merged
    /// into <paramref name="collector"/> and <paramref name="rejects"/> in input order. Chunk-local numbering plus
    /// in-order merging gives every user and artist the same index as a sequential read, so the collector, the
    /// rejects file and everything computed from them are the same for any thread count and chunk size.
    /// </remarks>
    public static long Read(Stream input, InteractionCollector collector, RejectWriter rejects, Action<long, long>? progress = null,
        int threads = 1, int chunkBytes = DefaultChunkBytes, ImportTimings? timings = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(collector);
        ArgumentNullException.ThrowIfNull(rejects);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        timings ??= new ImportTimings();
        var reader = new TsvChunkReader(input, chunkBytes);
        var parsers = new System.Collections.Concurrent.ConcurrentBag<TsvChunkParser>();
        var inFlight = new Queue<Task<ParsedTsvChunk>>();
        var merger = new TsvChunkMerger(collector, rejects);
        long lines = 0, reported = 0;
        try
        {
            while (true)
            {
                long start = System.Diagnostics.Stopwatch.GetTimestamp();
                TsvChunk? chunk = reader.Next();
                timings.AddRead(start);
                if (chunk is null) break;
                if (threads == 1) Merge(Parse(chunk));
                else
                {
                    inFlight.Enqueue(Task.Run(() => Parse(chunk)));
                    while (inFlight.Count > threads) Merge(inFlight.Dequeue().GetAwaiter().GetResult());
                }
            }
            while (inFlight.Count > 0) Merge(inFlight.Dequeue().GetAwaiter().GetResult());
        }
        finally
        {
            // A failure leaves chunks in flight: let them end, and give their pooled arrays back.
            foreach (Task<ParsedTsvChunk> task in inFlight)
                if (Task.WaitAny(task) == 0 && task.IsCompletedSuccessfully) task.Result.Release();   // WaitAny does not throw: the first failure is the one reported
        }
        progress?.Invoke(reader.BytesRead, lines);
        return lines;

        ParsedTsvChunk Parse(TsvChunk chunk)
        {
            TsvChunkParser parser = parsers.TryTake(out TsvChunkParser? idle) ? idle : new TsvChunkParser();
            try
            {
                return parser.Parse(chunk, timings, merger.Known);
            }
            finally
            {
                parsers.Add(parser);
            }
        }

        void Merge(ParsedTsvChunk parsed)
        {
            long start = System.Diagnostics.Stopwatch.GetTimestamp();
            lines += parsed.Chunk.Lines;
            long bytesRead = parsed.Chunk.BytesRead;
            try
            {
                merger.Merge(parsed);
            }
            finally
            {
                parsed.Release();
            }
            timings.AddKey(start);
            if (lines - reported >= ProgressLines)
            {
                reported = lines - lines % ProgressLines;
                progress?.Invoke(bytesRead, lines);
            }
        }
    }
}
