namespace Data.Datasets;

/// <summary>Counts at every stage; <c>InputRows = Kept + Merged + Rejected + Filtered</c>.</summary>
/// <param name="InputRows">Lines (or Parquet rows) read, header excluded.</param>
/// <param name="Rejected">Rows dropped as malformed (all in rejects.tsv).</param>
/// <param name="RejectedByReason">Rejected rows per reason.</param>
/// <param name="Merged">Rows folded into an earlier row of the same user and artist (plays summed).</param>
/// <param name="Filtered">Rows removed by the activity filters.</param>
/// <param name="FilteredByCause">Filtered rows per cause.</param>
/// <param name="Kept">Rows in the dataset (train + test).</param>
/// <param name="TrainRows">Training rows.</param>
/// <param name="TestRows">Held-out rows.</param>
/// <param name="Users">Users in the dataset.</param>
/// <param name="Items">Artists in the dataset.</param>
/// <param name="TestUsers">Users with held-out rows.</param>
/// <param name="InputUsers">Distinct users in the accepted rows.</param>
/// <param name="InputItems">Distinct artists in the accepted rows.</param>
/// <param name="ArtistsByMbid">Distinct input artists identified by MBID.</param>
/// <param name="ArtistsByName">Distinct input artists identified by normalised name (no MBID).</param>
/// <param name="ArtistsById">Distinct input artists identified by an id column (HetRec, Parquet).</param>
public sealed record DatasetCounts(long InputRows, long Rejected, IReadOnlyDictionary<string, long> RejectedByReason, long Merged, long Filtered,
    IReadOnlyDictionary<string, long> FilteredByCause, long Kept, long TrainRows, long TestRows, int Users, int Items, int TestUsers,
    int InputUsers, int InputItems, int ArtistsByMbid, int ArtistsByName, int ArtistsById);
