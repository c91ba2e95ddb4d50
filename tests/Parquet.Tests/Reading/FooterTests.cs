using Parquet.Metadata;
using Parquet.Reading;
using Parquet.Thrift;

namespace Parquet.Tests.Reading;

/// <summary>Hand-built bytes for each footer check, each asserting the message names the file and the bad value.</summary>
public sealed class FooterTests
{
    private static ParquetException Open(byte[] bytes, string name = "tiny.parquet") =>
        Assert.IsAssignableFrom<ParquetException>(Record.Exception(() => new ParquetFileReader(new MemoryStream(bytes), name)));

    [Fact]
    public void A_file_shorter_than_the_markers_is_rejected_with_its_size()
    {
        ParquetException error = Open([.. "PAR1"u8, .. "PAR1"u8]);
        Assert.Contains("tiny.parquet", error.Message);
        Assert.Contains("8 bytes", error.Message);
    }

    [Fact]
    public void A_footer_longer_than_the_file_is_rejected_naming_the_file_and_length()
    {
        ParquetException error = Open([.. "PAR1"u8, 0xFF, 0xFF, 0x00, 0x00, .. "PAR1"u8]);   // claims 65,535 bytes of footer
        Assert.IsType<ParquetFormatException>(error);
        Assert.Contains("tiny.parquet", error.Message);
        Assert.Contains("65535", error.Message);
    }

    [Fact]
    public void A_negative_footer_length_has_its_own_message()
    {
        ParquetException error = Open([.. "PAR1"u8, 0x00, 0x00, 0x00, 0x00, 0xFE, 0xFF, 0xFF, 0xFF, .. "PAR1"u8]);
        Assert.Contains("negative (-2)", error.Message);
    }

    [Fact]
    public void An_encrypted_footer_is_not_supported_rather_than_corrupt()
    {
        ParquetException error = Open([.. "PAR1"u8, 0, 0, 0, 0, 4, 0, 0, 0, .. "PARE"u8]);
        Assert.IsType<ParquetNotSupportedException>(error);
        Assert.Contains("encrypted", error.Message);
    }

    [Fact]
    public void Text_is_not_mistaken_for_Parquet()
    {
        ParquetException error = Open("user_sha1\tartist_mbid\tartist_name\tplays\n"u8.ToArray(), "plays.tsv");
        Assert.Contains("plays.tsv", error.Message);
        Assert.Contains("PAR1", error.Message);
    }

    [Fact]
    public void A_row_group_claiming_more_rows_than_its_chunk_could_hold_is_rejected_before_allocating()
    {
        // A valid-looking footer whose single row group claims 2^30 rows of an INT32 column stored in 20 bytes.
        var metadata = new ThriftFileMetadata
        {
            Version = 1,
            Schema = [new ThriftSchemaElement { Name = "schema", NumChildren = 1 }, new ThriftSchemaElement { Name = "x", Type = PhysicalType.Int32, Repetition = Repetition.Required }],
            NumRows = 1 << 30,
            RowGroups = [new ThriftRowGroup { NumRows = 1 << 30, Columns = [new ThriftColumnChunk { MetaData = new ThriftColumnMetadata
                { Type = PhysicalType.Int32, PathInSchema = ["x"], Codec = CompressionCodec.Uncompressed, NumValues = 1 << 30, TotalCompressedSize = 20, DataPageOffset = 4 } }] }],
        };
        var writer = new CompactWriter();
        metadata.Write(writer);
        byte[] footer = writer.ToArray();
        byte[] bytes = [.. "PAR1"u8, .. new byte[20], .. footer, .. BitConverter.GetBytes(footer.Length), .. "PAR1"u8];
        using var reader = new ParquetFileReader(new MemoryStream(bytes), "huge-claim.parquet");
        var error = Assert.Throws<ParquetFormatException>(() => reader.ReadColumn("x"));
        Assert.Contains("1073741824 rows", error.Message);
        Assert.Contains("20 bytes", error.Message);
    }
}
