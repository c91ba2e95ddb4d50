namespace Data.Datasets;

/// <summary>Input formats of <c>prepare</c>.</summary>
public enum InputFormat
{
    /// <summary>The Last.fm 360K TSV: user_sha1, artist_mbid, artist_name, plays; no header.</summary>
    LastFm360K,

    /// <summary>HetRec 2011 Last.fm: user_artists.dat (userID, artistID, weight) and optional artists.dat.</summary>
    Hetrec,

    /// <summary>A Parquet file with user, artist and plays columns chosen by name.</summary>
    Parquet,
}
