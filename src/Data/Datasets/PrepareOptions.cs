using Data.Import;
using Data.Interactions;

namespace Data.Datasets;

/// <summary>What <see cref="DatasetPreparer"/> reads, how it filters and splits, and where it writes.</summary>
public sealed record PrepareOptions
{
    /// <summary>The input file (user_artists.dat for HetRec).</summary>
    public required string Input { get; init; }

    /// <summary>The output folder (created; must be empty unless <see cref="Overwrite"/>).</summary>
    public required string Output { get; init; }

    /// <summary>Input format.</summary>
    public InputFormat Format { get; init; } = InputFormat.LastFm360K;

    /// <summary>HetRec artists.dat with names (optional).</summary>
    public string? ArtistsFile { get; init; }

    /// <summary>Column names of a Parquet input.</summary>
    public ParquetColumnsOptions ParquetColumns { get; init; } = new();

    /// <summary>Replace a previous dataset in <see cref="Output"/> (only the dataset's own files are removed).</summary>
    public bool Overwrite { get; init; }

    /// <summary>Activity filters.</summary>
    public FilterOptions Filter { get; init; } = new();

    /// <summary>Share of each eligible user's artists held out.</summary>
    public double TestFraction { get; init; } = HoldoutSplit.DefaultTestFraction;

    /// <summary>Split seed.</summary>
    public ulong Seed { get; init; } = 42;

    /// <summary>Users with fewer rows keep everything in train.</summary>
    public int MinInteractions { get; init; } = HoldoutSplit.DefaultMinInteractions;

    /// <summary>User blocks (default: from the data size, see <see cref="BlockPartition.DefaultBlocks"/>).</summary>
    public int? UserBlocks { get; init; }

    /// <summary>Item blocks (default: from the data size).</summary>
    public int? ItemBlocks { get; init; }

    /// <summary>The job fails when more than this share of input rows is rejected.</summary>
    public double MaxRejectFraction { get; init; } = 0.001;

    /// <summary>Threads for parsing the TSV, the split and writing the blocks; the dataset is the same for any count.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>Bytes of whole lines per chunk a parser thread takes from a Last.fm TSV (tests force it small).</summary>
    public int ChunkBytes { get; init; } = LastFmTsvReader.DefaultChunkBytes;
}
