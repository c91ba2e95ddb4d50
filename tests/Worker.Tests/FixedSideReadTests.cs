using ActorTestSupport;
using Data.Factors;
using Data.Store;
using Linalg.Dense;
using Linalg.Training;

namespace Worker.Tests;

/// <summary>
/// The fixed side as a worker node assembles it: other nodes' blocks are read from their files straight into the side's
/// matrix, checked against their header and the commit's CRC-32, exactly as the blocks were written.
/// </summary>
public sealed class FixedSideReadTests
{
    [Fact]
    public void A_side_read_from_the_files_by_another_process_equals_the_blocks_as_written()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore writer) = data.Plan("run");
        var reader = new FactorStore(writer.Root);                                     // another process: nothing in memory
        FactorMatrix side = reader.ReadSide(plan.RunId, 0, FactorSide.Items, plan.ItemBlocks, plan.Options.Factors);
        Assert.Equal(plan.Items, side.Rows);
        foreach (BlockRange block in plan.ItemBlocks)
            Assert.Equal(writer.ReadBlock(plan.RunId, 0, FactorSide.Items, block, plan.Options.Factors).ToArray(), side.RowRange(block.First, block.Count).ToArray());
    }

    [Fact]
    public void A_damaged_block_fails_the_side_naming_its_file()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore writer) = data.Plan("run");
        string path = writer.BlockPath(plan.RunId, 0, FactorSide.Users, 1);
        byte[] bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10;                                                 // inside the factor values
        File.WriteAllBytes(path, bytes);
        var reader = new FactorStore(writer.Root);
        var target = new FactorMatrix(plan.Users, plan.Options.Factors);
        var error = Assert.Throws<FactorFileException>(() => reader.ReadBlockInto(plan.RunId, 0, FactorSide.Users, plan.UserBlocks[1], target));
        Assert.Contains(Path.GetFileName(path), error.Message);
    }

    [Fact]
    public void A_block_of_another_shape_than_its_place_in_the_side_is_refused()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore writer) = data.Plan("run");
        string path = writer.BlockPath(plan.RunId, 0, FactorSide.Users, 0);
        BlockRange first = plan.UserBlocks[0];
        FactorFile.Write(path, new FactorBlockHeader(FactorSide.Users, 0, first.First, first.Count - 1, plan.Options.Factors, 0),
            new float[(first.Count - 1) * plan.Options.Factors]);                      // one row short
        var reader = new FactorStore(writer.Root);
        var error = Assert.Throws<FactorFileException>(() => reader.ReadSide(plan.RunId, 0, FactorSide.Users, plan.UserBlocks, plan.Options.Factors));
        Assert.Contains(Path.GetFileName(path), error.Message);
    }
}
