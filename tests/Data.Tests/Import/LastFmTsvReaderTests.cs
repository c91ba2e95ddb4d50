using Data.Import;
using Data.Synthetic;
using Linalg.Sparse;

namespace Data.Tests.Import;

public sealed class LastFmTsvReaderTests
{
    [Fact]
    public void The_golden_input_is_read_line_by_line_as_written_down()
    {
        using var folder = new TemporaryDirectory();
        var collector = new InteractionCollector();
        long lines;
        using (var rejects = new RejectWriter(folder.File("rejects.tsv")))
        {
            lines = LastFmTsvReader.Read(new MemoryStream(GoldenInput.Bytes()), collector, rejects);
            Assert.Equal(GoldenInput.Rejected.Length, rejects.Total);
        }
        Assert.Equal(GoldenInput.Lines, lines);
        Assert.Equal(GoldenInput.Accepted, collector.Count);
        Assert.Equal([GoldenInput.UserA, GoldenInput.UserB], collector.UserIds);
        Assert.Equal(GoldenInput.ArtistsByMbid, collector.ArtistsByMbid);
        Assert.Equal(GoldenInput.ArtistsByName, collector.ArtistsByName);
        Assert.Equal(["Björk", "Sigur Rós", "The   Knife"], collector.ArtistNames);     // first spelling, trimmed
        Assert.Equal([GoldenInput.Mbid1, GoldenInput.Mbid2, null], collector.ArtistMbids);
        Assert.Equal([0, 1, 2, 0, 2, 1, 2], collector.Items.ToArray());
        Assert.Equal([10, 20, 5, 7, 1, 3, 2], collector.Plays.ToArray());

        string[] rejected = File.ReadAllLines(folder.File("rejects.tsv"));
        Assert.Equal("line\treason\tdetail\ttext", rejected[0]);
        Assert.Equal(GoldenInput.Rejected.Select(r => $"{r.Line}\t{r.Reason}"), rejected.Skip(1).Select(l => string.Join('\t', l.Split('\t').Take(2))));
        Assert.Contains("bad \\xC3(", rejected[4]);                                       // the bad byte is escaped, the rest kept
        Assert.EndsWith($"{GoldenInput.Mbid1}\\tBjörk\\t3\\textra", rejected[2]);          // tabs of the raw line escaped
        CsrMatrix merged = CsrMatrix.FromCoordinates(2, 3, collector.Users, collector.Items, [.. collector.Plays.ToArray().Select(p => (float)p)], out int duplicates);
        Assert.Equal(GoldenInput.Merged, duplicates);
        Assert.Equal([17f, 20f, 6f], merged.RowValues(0).ToArray());
    }

    [Fact]
    public void Synthetic_files_read_back_exactly_and_every_injected_fault_is_rejected_where_reported()
    {
        var generator = new SyntheticGenerator(SyntheticSpec.For(SyntheticPreset.Small), 5);
        var stream = new MemoryStream();
        SyntheticTsvReport report = SyntheticTsvWriter.Write(generator, stream, faults: 27, duplicates: 6);
        Assert.Equal(report.Bytes, stream.Length);
        Assert.Equal(33, report.Injected.Count);
        Assert.All(Enum.GetValues<FaultKind>(), kind => Assert.Equal(3, report.Injected.Count(line => line.Kind == kind)));

        using var folder = new TemporaryDirectory();
        var collector = new InteractionCollector();
        stream.Position = 0;
        using (var rejects = new RejectWriter(folder.File("rejects.tsv")))
            Assert.Equal(report.Lines, LastFmTsvReader.Read(stream, collector, rejects));
        long[] rejectedLines = [.. File.ReadLines(folder.File("rejects.tsv")).Skip(1).Select(line => long.Parse(line.Split('\t')[0]))];
        Assert.Equal(report.Injected.Where(line => line.Kind is not null).Select(line => line.Line), rejectedLines);
        Assert.Equal(report.ValidLines, collector.Count);

        CsrMatrix read = CsrMatrix.FromCoordinates(collector.UserIds.Count, collector.ArtistNames.Count, collector.Users, collector.Items,
            [.. collector.Plays.ToArray().Select(p => (float)p)], out int merged);
        Assert.True(merged >= 6, $"{merged} merged");                                      // the 6 duplicates, plus names shared by distinct artists
        CsrMatrix generated = generator.BuildMatrix(2);
        Assert.Equal(generated.Rows, read.Rows);
        Assert.Equal(generated.NonZeros - (merged - 6), read.NonZeros);
        for (int user = 0; user < generated.Rows; user += 97)
            Assert.Equal(generated.RowValues(user).ToArray().Sum(), read.RowValues(user).ToArray().Sum()
                - DuplicatePlays(report, user, generator));
        Assert.Equal(generator.Identities.UserSha1(0), collector.UserIds[0]);
    }

    /// <summary>Plays added by duplicate lines of <paramref name="user"/> (the writer repeats a row with plays % 97 + 1).</summary>
    private static float DuplicatePlays(SyntheticTsvReport report, int user, SyntheticGenerator generator)
    {
        // Duplicates are rare (6 in 96K lines); recompute which rows they followed from the report's line numbers.
        if (report.Injected.All(line => line.Kind is not null)) return 0;
        var buffer = new UserBuffer();
        long line = 0;
        float extra = 0;
        var injectedAt = report.Injected.ToDictionary(l => l.Line, l => l.Kind);
        for (int u = 0; u <= user; u++)
        {
            int count = generator.GenerateUser(u, buffer);
            for (int j = 0; j < count; j++)
            {
                line++;
                while (injectedAt.TryGetValue(line + 1, out FaultKind? kind))
                {
                    line++;
                    if (kind is null && u == user) extra += buffer.Plays[j] % 97 + 1;
                }
            }
        }
        return extra;
    }
}
