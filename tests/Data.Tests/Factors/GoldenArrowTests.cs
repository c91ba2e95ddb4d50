using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using Data.Factors;

namespace Data.Tests.Factors;

/// <summary>
/// tests/data/arrow/factors-arrow-js.arrow, written by Apache Arrow JS (another implementation), read with Apache.Arrow
/// C#: the layout our factor files use (int32 index, fixed_size_list of float32) crosses implementations intact.
/// </summary>
public sealed class GoldenArrowTests
{
    private static string Golden => Path.Combine(RepositoryPaths.Root, "tests", "data", "arrow", "factors-arrow-js.arrow");

    [Fact]
    public void The_file_written_by_Arrow_JS_reads_with_every_value()
    {
        using FileStream stream = File.OpenRead(Golden);
        using var reader = new ArrowFileReader(stream);
        using RecordBatch batch = reader.ReadNextRecordBatch();
        Schema schema = reader.Schema;
        Assert.Equal(["index", "factors", "name"], schema.FieldsList.Select(field => field.Name));
        Assert.Equal("items", schema.Metadata["side"]);
        Assert.Equal("3", schema.Metadata["k"]);
        var listType = Assert.IsType<FixedSizeListType>(schema.FieldsList[1].DataType);
        Assert.Equal(3, listType.ListSize);
        Assert.Equal(5, batch.Length);

        Assert.Equal([100, 101, 102, 103, 104], ((Int32Array)batch.Column(0)).Values.ToArray());
        var list = (FixedSizeListArray)batch.Column(1);
        ReadOnlySpan<float> values = ((FloatArray)list.Values).Values;
        for (int row = 0; row < 5; row++)
        {
            Assert.Equal(0.5f * row, values[row * 3]);
            Assert.Equal(-row, values[row * 3 + 1]);
            Assert.Equal((float)(1.0 / (row + 1)), values[row * 3 + 2]);
        }
        var names = (StringArray)batch.Column(2);
        Assert.Equal(["a", "Björk", null, "東京", ""], Enumerable.Range(0, 5).Select(row => names.GetString(row)));
        Assert.Equal(1, names.NullCount);
        Assert.Null(reader.ReadNextRecordBatch());
    }

    [Fact]
    public void FactorFile_refuses_it_for_lacking_our_metadata_naming_the_file()
    {
        var error = Assert.Throws<FactorFileException>(() => FactorFile.Read(Golden));
        Assert.Contains("factors-arrow-js.arrow", error.Message);
        Assert.Contains("schema metadata", error.Message);
    }
}
