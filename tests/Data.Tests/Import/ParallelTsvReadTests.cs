using System.Text;
using Data.Import;
using Data.Synthetic;

namespace Data.Tests.Import;

/// <summary>
/// Issue 15, item 1: the TSV is cut into chunks of whole lines that are parsed on several threads and merged in
/// input order. Whatever the thread count and chunk size, the collector (ids numbered in order of first appearance,
/// rows in file order) and the rejects file (exact line numbers, in line order) are those of one sequential pass,
/// including a byte order mark, CRLF endings and overlong lines wherever the chunks begin and end.
/// </summary>
public sealed class ParallelTsvReadTests
{
    private const string User = "00000c289a1829a808ac09c00daf10bc3c4e223b";

    /// <summary>A BOM, the synthetic small preset with every kind of fault, overlong lines and the golden input (which ends without a line break).</summary>
    private static byte[] Input()
    {
        var stream = new MemoryStream();
        stream.Write([0xEF, 0xBB, 0xBF]);
        SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 3), stream, faults: 30, duplicates: 8);
        stream.Write(Encoding.UTF8.GetBytes($"{User}\t\t{new string('z', RejectReasons.MaxLineBytes + 10)}\t4\n{User}\t\tAbba\t3\r\n"));
        stream.Write(Encoding.UTF8.GetBytes($"{User}\t\t{new string('y', 3 * RejectReasons.MaxLineBytes)}\t4\n"));
        stream.Write(GoldenInput.Bytes());
        return stream.ToArray();
    }

    private sealed record Result(long Lines, string[] UserIds, string?[] Mbids, string[] Names, int[] Users, int[] Items, int[] Plays,
        int ByMbid, int ByName, byte[] Rejects);

    private static Result Read(byte[] input, int threads, int chunkBytes)
    {
        using var folder = new TemporaryDirectory();
        var collector = new InteractionCollector();
        var timings = new ImportTimings();
        long lines;
        using (var rejects = new RejectWriter(folder.File("rejects.tsv")))
            lines = LastFmTsvReader.Read(new MemoryStream(input), collector, rejects, threads: threads, chunkBytes: chunkBytes, timings: timings);
        Assert.True(timings.Read >= 0 && timings.Parse > 0 && timings.Key > 0, $"read {timings.Read}, parse {timings.Parse}, key {timings.Key}");
        return new Result(lines, [.. collector.UserIds], [.. collector.ArtistMbids], [.. collector.ArtistNames], collector.Users.ToArray(),
            collector.Items.ToArray(), collector.Plays.ToArray(), collector.ArtistsByMbid, collector.ArtistsByName, File.ReadAllBytes(folder.File("rejects.tsv")));
    }

    public static TheoryData<int, int> Splits => new()
    {
        { 2, 1 },                                       // one line per chunk
        { 3, 57 },                                      // about one Last.fm line per chunk, lines of all lengths straddle
        { 2, 4096 },
        { 4, RejectReasons.MaxLineBytes - 1 },          // chunk sizes around the overlong bound
        { 2, RejectReasons.MaxLineBytes },
        { 2, RejectReasons.MaxLineBytes + 1 },
        { 1, 333 },                                     // many chunks, one thread
    };

    [Theory, MemberData(nameof(Splits))]
    public void Any_thread_count_and_chunk_size_reads_what_one_pass_reads(int threads, int chunkBytes)
    {
        byte[] input = Input();
        Result sequential = Read(input, 1, int.MaxValue / 2), parallel = Read(input, threads, chunkBytes);
        Assert.Equal(sequential.Lines, parallel.Lines);
        Assert.Equal(sequential.UserIds, parallel.UserIds);
        Assert.Equal(sequential.Mbids, parallel.Mbids);
        Assert.Equal(sequential.Names, parallel.Names);
        Assert.Equal(sequential.Users, parallel.Users);
        Assert.Equal(sequential.Items, parallel.Items);
        Assert.Equal(sequential.Plays, parallel.Plays);
        Assert.Equal((sequential.ByMbid, sequential.ByName), (parallel.ByMbid, parallel.ByName));
        Assert.Equal(Encoding.UTF8.GetString(sequential.Rejects), Encoding.UTF8.GetString(parallel.Rejects));
    }

    [Fact]
    public void Rejects_keep_their_exact_line_numbers_in_order_across_tiny_chunks()
    {
        var stream = new MemoryStream();
        SyntheticTsvReport report = SyntheticTsvWriter.Write(new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 5), stream, faults: 27, duplicates: 6);
        stream.Write(Encoding.UTF8.GetBytes($"{User}\t\t{new string('z', RejectReasons.MaxLineBytes + 1)}\t4\n\n{User}\t\tAbba\t3\n"));
        Result result = Read(stream.ToArray(), 3, 100);
        long[] expected = [.. report.Injected.Where(line => line.Kind is not null).Select(line => line.Line), report.Lines + 1, report.Lines + 2];
        string[] rejected = Encoding.UTF8.GetString(result.Rejects).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expected, rejected.Skip(1).Select(line => long.Parse(line.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.StartsWith($"{report.Lines + 1}\tline_too_long\t", rejected[^2], StringComparison.Ordinal);
        Assert.StartsWith($"{report.Lines + 2}\tempty_line\t", rejected[^1], StringComparison.Ordinal);
        Assert.Equal(report.Lines + 3, result.Lines);
        Assert.Equal(report.ValidLines + 1, result.Users.Length);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_when_the_first_chunk_holds_only_the_first_line()
    {
        byte[] input = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes($"{User}\t\tAbba\t3\n{User}\t\tCher\t5\n")];
        Result result = Read(input, 2, 1);
        Assert.Equal([User], result.UserIds);
        Assert.Equal(["Abba", "Cher"], result.Names);
    }
}
