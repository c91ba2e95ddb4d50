using System.Text;

namespace Data.Tests.Import;

/// <summary>
/// A small hand-written Last.fm 360K input with one line of every kind a reader must handle, and what must become
/// of each line (the test oracle: written down by hand, not computed).
/// </summary>
internal static class GoldenInput
{
    public const string UserA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    public const string UserB = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    public const string Mbid1 = "11111111-1111-4111-8111-111111111111";
    public const string Mbid2 = "22222222-2222-4222-8222-222222222222";

    /// <summary>The file's bytes: lines end with LF except line 4 (CRLF) and the last (no line break).</summary>
    public static byte[] Bytes()
    {
        var bytes = new List<byte>();
        void Line(string text, string end = "\n") => bytes.AddRange(Encoding.UTF8.GetBytes(text + end));
        Line($"{UserA}\t{Mbid1}\tBjörk\t10");                                 //  1 ok: artist 1 by MBID
        Line($"{UserA}\t{Mbid2}\tSigur Rós\t20");                             //  2 ok: artist 2 by MBID
        Line($"{UserA}\t\t  The   Knife \t5");                                //  3 ok: artist 3 by name "the knife"
        Line($"{UserA}\t{Mbid1}\tbjork\t7", "\r\n");                          //  4 ok, CRLF: duplicate of line 1 (merged)
        Line($"{UserA}\t\tTHE KNIFE\t1");                                     //  5 ok: same name key as line 3 (merged)
        Line($"{UserB}\t{Mbid2}\tSigur Ros\t3");                              //  6 ok
        Line($"{UserB}\t{Mbid1}\tBjörk");                                     //  7 wrong field count (3)
        Line($"{UserB}\t{Mbid1}\tBjörk\t3\textra");                           //  8 wrong field count (5)
        Line($"\t{Mbid1}\tBjörk\t3");                                         //  9 empty user
        bytes.AddRange([.. Encoding.ASCII.GetBytes(UserB + "\t\tbad "), 0xC3, 0x28, .. Encoding.ASCII.GetBytes("\t3\n")]); // 10 invalid UTF-8
        Line($"{UserB}\t{Mbid1}\tBjörk\tmany");                               // 11 non-numeric plays
        Line($"{UserB}\t{Mbid1}\tBjörk\t0");                                  // 12 zero plays
        Line($"{UserB}\t{Mbid1}\tBjörk\t-4");                                 // 13 negative plays
        Line($"{UserB}\t{Mbid1}\tBjörk\t99999999999");                        // 14 plays too large
        Line($"{UserB}\t\t   \t4");                                           // 15 no artist (empty MBID, blank name)
        Line("");                                                             // 16 empty line
        Line($"{UserB}\t\tthe knife\t2", "");                                 // 17 ok, no trailing line break: artist 3
        return [.. bytes];
    }

    public static readonly (int Line, string Reason)[] Rejected =
    [
        (7, "wrong_field_count"), (8, "wrong_field_count"), (9, "empty_user"), (10, "invalid_utf8"), (11, "non_numeric_plays"),
        (12, "zero_plays"), (13, "negative_plays"), (14, "plays_too_large"), (15, "no_artist"), (16, "empty_line"),
    ];

    public const int Lines = 17;
    public const int Accepted = 7;                 // lines 1–6 and 17
    public const int Merged = 2;                   // lines 4 and 5
    public const int ArtistsByMbid = 2;
    public const int ArtistsByName = 1;
}
