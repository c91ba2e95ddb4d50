using System.Text;
using Data.Import;
using Data.Models;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Training;

namespace Data.Tests.Import;

/// <summary>
/// Issue 17, items 6 and 7: every text reader goes through one <see cref="LineReader"/>: a line longer than
/// <see cref="RejectReasons.MaxLineBytes"/> is rejected as line_too_long without being held, and a UTF-8 BOM at the
/// start is skipped, in prepare's TSV and HetRec readers and in fold-in's plays reader alike.
/// </summary>
public sealed class LineBoundsTests
{
    private const string User = "00000c289a1829a808ac09c00daf10bc3c4e223b";

    /// <summary>A stream of <paramref name="length"/> 'x' bytes and no newline, generated as it is read (nothing held).</summary>
    private sealed class EndlessLine(long length) : Stream
    {
        private long _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = (int)Math.Min(count, length - _position);
            buffer.AsSpan(offset, n).Fill((byte)'x');
            _position += n;
            return n;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void An_overlong_line_is_one_line_too_long_reject_and_its_neighbours_are_kept()
    {
        using var folder = new TemporaryDirectory();
        string text = $"{User}\t\tAbba\t3\n{User}\t\t{new string('z', RejectReasons.MaxLineBytes + 10)}\t4\n{User}\t\tCher\t5\n";
        var collector = new InteractionCollector();
        using (var rejects = new RejectWriter(folder.File("rejects.tsv")))
        {
            Assert.Equal(3, LastFmTsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(text)), collector, rejects));
            Assert.Equal(1, rejects.Total);
            Assert.Equal(1, rejects.Counts()["line_too_long"]);
        }
        Assert.Equal(["Abba", "Cher"], collector.ArtistNames);
        string reject = File.ReadAllLines(folder.File("rejects.tsv"))[1];
        Assert.StartsWith("2\tline_too_long\t", reject, StringComparison.Ordinal);
        Assert.True(reject.Length < 1024, $"the reject holds {reject.Length} characters: only the line's first bytes belong there");
    }

    [Fact]
    public void A_line_exactly_at_the_bound_is_read()
    {
        string name = new('n', RejectReasons.MaxLineBytes - User.Length - 4);       // user TAB TAB name TAB 7 = the bound
        string line = $"{User}\t\t{name}\t7";
        Assert.Equal(RejectReasons.MaxLineBytes, Encoding.UTF8.GetByteCount(line));
        using var folder = new TemporaryDirectory();
        var collector = new InteractionCollector();
        using var rejects = new RejectWriter(folder.File("rejects.tsv"));
        LastFmTsvReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(line + "\n")), collector, rejects);
        Assert.Equal(0, rejects.Total);
        Assert.Equal(1, collector.Count);
    }

    [Fact]
    public void A_hundred_megabyte_line_is_skipped_in_bounded_memory()
    {
        const long Length = 100L << 20;
        using var folder = new TemporaryDirectory();
        var collector = new InteractionCollector();
        using var rejects = new RejectWriter(folder.File("rejects.tsv"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        long lines = LastFmTsvReader.Read(new EndlessLine(Length), collector, rejects);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(1, lines);
        Assert.Equal(1, rejects.Counts()["line_too_long"]);
        Assert.True(allocated < 8L << 20, $"reading a {Length:N0}-byte line allocated {allocated:N0} bytes");
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_by_the_tsv_and_hetrec_readers()
    {
        using var folder = new TemporaryDirectory();
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var collector = new InteractionCollector();
        using (var rejects = new RejectWriter(folder.File("r1.tsv")))
            LastFmTsvReader.Read(new MemoryStream([.. bom, .. Encoding.UTF8.GetBytes($"{User}\t\tAbba\t3\n{User}\t\tCher\t5\n")]), collector, rejects);
        Assert.Equal([User], collector.UserIds);                                      // one user, not "\uFEFF" + user and user

        var hetrec = new InteractionCollector();
        using (var rejects = new RejectWriter(folder.File("r2.tsv")))
            HetrecReader.Read(new MemoryStream([.. bom, .. Encoding.UTF8.GetBytes("userID\tartistID\tweight\n2\t51\t13883\n")]), null, hetrec, rejects, "user_artists.dat");
        Assert.Equal(["2"], hetrec.UserIds);
    }

    [Fact]
    public void Fold_in_reads_a_bom_like_prepare_and_names_an_overlong_line()
    {
        using var folder = new TemporaryDirectory();
        var options = new AlsOptions { Factors = 2 };
        var info = new ModelInfo(ModelStore.FormatVersion, DateTime.UnixEpoch, options, 1, 2, 1, "dataset", "00000000");
        var model = new SavedModel(info, new AlsModel(new FactorMatrix(1, 2), new FactorMatrix(2, 2), options), ["u"], [null, null], ["Abba", "Cher"]);
        var lookup = new ModelLookup(model);

        File.WriteAllBytes(folder.File("bom.tsv"), [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Abba\t3\nCher\t5\n")]);
        ListeningHistory history = ListeningHistory.Read(folder.File("bom.tsv"), lookup);
        Assert.Equal([0, 1], history.Items);
        Assert.Empty(history.Unknown);

        File.WriteAllText(folder.File("long.tsv"), $"Abba\t3\n{new string('x', RejectReasons.MaxLineBytes + 1)}\t1\n");
        var error = Assert.Throws<Data.Failures.InvalidInputException>(() => ListeningHistory.Read(folder.File("long.tsv"), lookup));
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("line_too_long", error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Length < 1024);
    }
}
