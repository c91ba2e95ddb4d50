namespace Data.Datasets;

/// <summary>Receives progress from <see cref="DatasetPreparer"/> (a terminal bar, or log lines).</summary>
public interface IPrepareProgress
{
    /// <summary>A stage starts or ends.</summary>
    void Stage(string message);

    /// <summary>Reading the input: bytes read of the total, rows so far.</summary>
    void Reading(long bytesRead, long totalBytes, long rows);
}
