using System.Globalization;

namespace Worker;

/// <summary>
/// One timestamped line per block started and finished, for a worker process's log (what an operator, or a test
/// that kills a worker mid-block, watches). Silent for in-process workers, whose coordinator reports progress.
/// </summary>
public sealed class BlockLog(TextWriter? writer)
{
    /// <summary>A block's work begins.</summary>
    public void Started(string work, int iteration, int block, int attempt) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"start {work} block {block} of iteration {iteration} (attempt {attempt})"));

    /// <summary>Blocks finished and answered so far.</summary>
    public int FinishedBlocks => _finished;

    private int _finished;

    /// <summary>A block's work is done and answered.</summary>
    public void Finished(string work, int iteration, int block, double seconds)
    {
        Interlocked.Increment(ref _finished);
        Write(string.Create(CultureInfo.InvariantCulture, $"done {work} block {block} of iteration {iteration} in {seconds:F3} s"));
    }

    /// <summary>A block's work failed for good.</summary>
    public void Failed(string work, int iteration, int block, string error) =>
        Write(string.Create(CultureInfo.InvariantCulture, $"FAILED {work} block {block} of iteration {iteration}: {error}"));

    private void Write(string line)
    {
        if (writer is null) return;
        lock (writer) writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{DateTime.Now:HH:mm:ss.fff}] {line}"));
    }
}
