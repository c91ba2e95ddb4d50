using System.Globalization;
using System.Text;

namespace Data.Import;

/// <summary>
/// Writes every dropped input row to a TSV file: <c>line TAB reason TAB detail TAB text</c>, with a header.
/// The text is the raw row with tabs, line breaks, backslashes and non-UTF-8 bytes escaped (<c>\t</c>, <c>\n</c>,
/// <c>\\</c>, <c>\xHH</c>), so the file stays one line per rejected row and loses nothing.
/// </summary>
public sealed class RejectWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly long[] _counts = new long[Enum.GetValues<RejectReason>().Length];

    /// <summary>Creates <paramref name="path"/> and writes the header.</summary>
    public RejectWriter(string path)
    {
        Path = path;
        _writer = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        _writer.Write("line\treason\tdetail\ttext\n");
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Rows rejected so far.</summary>
    public long Total { get; private set; }

    /// <summary>Rows rejected so far for <paramref name="reason"/>.</summary>
    public long Count(RejectReason reason) => _counts[(int)reason];

    /// <summary>Counts per reason name, for the manifest.</summary>
    public IReadOnlyDictionary<string, long> Counts() =>
        Enum.GetValues<RejectReason>().Where(r => _counts[(int)r] > 0).ToDictionary(RejectReasons.Name, r => _counts[(int)r]);

    /// <summary>Records row <paramref name="line"/> (1-based) as dropped.</summary>
    public void Reject(long line, RejectReason reason, string detail, ReadOnlySpan<byte> raw)
    {
        _counts[(int)reason]++;
        Total++;
        _writer.Write(line.ToString(CultureInfo.InvariantCulture));
        _writer.Write('\t');
        _writer.Write(RejectReasons.Name(reason));
        _writer.Write('\t');
        _writer.Write(detail.Replace('\t', ' ').Replace('\n', ' '));
        _writer.Write('\t');
        WriteEscaped(raw);
        _writer.Write('\n');
    }

    private void WriteEscaped(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        int position = 0;
        while (position < raw.Length)
        {
            System.Buffers.OperationStatus status = System.Text.Rune.DecodeFromUtf8(raw[position..], out Rune rune, out int consumed);
            if (status != System.Buffers.OperationStatus.Done)
            {
                text.Append(CultureInfo.InvariantCulture, $"\\x{raw[position]:X2}");
                position++;
                continue;
            }
            switch (rune.Value)
            {
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\\': text.Append("\\\\"); break;
                default: text.Append(rune.ToString()); break;
            }
            position += consumed;
        }
        _writer.Write(text);
    }

    /// <inheritdoc/>
    public void Dispose() => _writer.Dispose();
}
