using Data.Factors;
using Data.Store;
using Linalg.Dense;
using Linalg.Training;

namespace Data.Tests.Store;

/// <summary>A pruned iteration's block files become spares that later writes of the same blocks overwrite in place.</summary>
public sealed class SpareBlockTests
{
    private static readonly BlockRange[] Blocks = [new(0, 0, 40), new(1, 40, 25)];

    [Fact]
    public void A_pruned_iterations_blocks_are_overwritten_by_the_next_writes_of_the_same_blocks_and_read_back_as_written()
    {
        using var folder = new TemporaryDirectory();
        var store = new FactorStore(folder.File("store"));
        var run = Guid.NewGuid();
        foreach (BlockRange block in Blocks)
        {
            store.WriteBlock(run, 0, FactorSide.Users, block, FactorMatrix.Random(block.Count, 8, seed: 1, firstRowIndex: block.First));
            store.WriteBlock(run, 0, FactorSide.Items, block, FactorMatrix.Random(block.Count, 8, seed: 2, firstRowIndex: block.First));
        }
        string spare = Path.Combine(store.RunFolder(run), "spare");

        store.DeleteIteration(run, 0);

        Assert.Empty(store.StoredIterations(run));
        Assert.Equal(["items-block-00000.arrow", "items-block-00001.arrow", "users-block-00000.arrow", "users-block-00001.arrow"],
            Directory.GetFiles(spare).Select(Path.GetFileName).Order());
        var written = new List<(BlockRange Block, FactorMatrix Rows, string Crc)>();
        foreach (BlockRange block in Blocks)
        {
            FactorMatrix rows = FactorMatrix.Random(block.Count, 8, seed: 3, firstRowIndex: block.First);
            written.Add((block, rows, store.WriteBlock(run, 1, FactorSide.Users, block, rows)));
        }
        Assert.Equal(["items-block-00000.arrow", "items-block-00001.arrow"], Directory.GetFiles(spare).Select(Path.GetFileName).Order());   // the users' spares were taken
        foreach ((BlockRange block, FactorMatrix rows, string crc) in written)
        {
            string path = store.BlockPath(run, 1, FactorSide.Users, block.Block);
            (FactorBlockHeader header, FactorMatrix back) = FactorFile.Read(path, out uint fileCrc);
            Assert.Equal(new FactorBlockHeader(FactorSide.Users, block.Block, block.First, block.Count, 8, 1), header);
            Assert.Equal(rows.Values, back.Values);
            Assert.Equal(crc, FactorStore.FormatCrc(fileCrc));
            string fresh = folder.File($"fresh-{block.Block}.arrow");
            FactorFile.Write(fresh, header, rows.Memory);
            Assert.Equal(File.ReadAllBytes(fresh), File.ReadAllBytes(path));            // byte for byte what a new file holds
        }
        Assert.Equal(Blocks.Length, Directory.GetFiles(Path.GetDirectoryName(store.BlockPath(run, 1, FactorSide.Users, 0))!).Length);   // no temporary file left

        store.DeleteSpares(run);
        Assert.False(Directory.Exists(spare));
        Assert.Equal([1], store.StoredIterations(run));
    }
}
