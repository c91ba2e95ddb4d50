namespace Data.Datasets;

/// <summary>A file of the dataset.</summary>
/// <param name="Path">Relative path, forward slashes.</param>
/// <param name="Bytes">Size.</param>
/// <param name="Crc32">CRC-32 of its bytes, 8 lowercase hex digits.</param>
public sealed record FileInfoRecord(string Path, long Bytes, string Crc32);
