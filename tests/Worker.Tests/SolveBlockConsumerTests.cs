using Data.Factors;
using Data.Store;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Sparse;
using Linalg.Training;
using MassTransit.Testing;
using Messages;

namespace Worker.Tests;

public sealed class SolveBlockConsumerTests
{
    [Fact]
    public async Task A_solved_block_equals_those_rows_of_a_whole_side_solve_and_its_partial_gram_is_their_product()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        store.WriteAttempt(plan.RunId, 1);
        await using ActorHarness actors = await ActorHarness.StartAsync(store, coordinator: null, workers: 1);

        await actors.Publish(new SolveBlock(plan.RunId, 1, 1, BlockSide.Users, 1));

        BlockSolved answer = await actors.Published<BlockSolved>(_ => true);
        Assert.Equal((plan.RunId, 1, 1, BlockSide.Users, 1, "test-worker"), (answer.RunId, answer.Attempt, answer.Iteration, answer.Side, answer.BlockId, answer.Worker));

        // Reference: the first user half-step over all users at once, from the same initial factors.
        AlsModel initial = AlsModel.Initial(plan.Users, plan.Items, plan.Options);
        CsrMatrix train = data.Dataset.LoadTrain();
        FactorMatrix users = initial.UserFactors.Clone();
        HalfStep.Solve(train, initial.ItemFactors, GramMatrix.Compute(initial.ItemFactors, 1), plan.Options, users);
        BlockRange range = plan.UserBlocks[1];
        FactorMatrix written = FactorFile.Read(store.BlockPath(plan.RunId, 1, FactorSide.Users, 1)).Factors;
        Assert.Equal(users.RowRange(range.First, range.Count).ToArray(), written.Values);

        double[] gram = new double[answer.PartialGram.Length / sizeof(double)];
        Buffer.BlockCopy(answer.PartialGram, 0, gram, 0, answer.PartialGram.Length);
        double[] expected = NaiveGram(written);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], gram[i], 1e-9 * (1 + Math.Abs(expected[i])));
        FactorFile.Read(store.BlockPath(plan.RunId, 1, FactorSide.Users, 1), out uint crc);
        Assert.Equal(FactorStore.FormatCrc(crc), answer.BlockCrc32);
    }

    [Fact]
    public async Task A_command_of_a_superseded_attempt_is_dropped_without_an_answer_or_a_file()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        store.WriteAttempt(plan.RunId, 2);
        await using ActorHarness actors = await ActorHarness.StartAsync(store, coordinator: null, workers: 1);

        await actors.Publish(new SolveBlock(plan.RunId, 1, 1, BlockSide.Users, 0));

        await actors.Consumed<SolveBlock>(1);
        Assert.Empty(actors.Harness.Published.Select<BlockSolved>());
        Assert.Empty(actors.Harness.Published.Select<BlockFailed>());
        Assert.False(File.Exists(store.BlockPath(plan.RunId, 1, FactorSide.Users, 0)));
    }

    [Fact]
    public async Task A_damaged_input_block_is_answered_with_BlockFailed_naming_the_file()
    {
        using PlannedRun data = PlannedRun.Prepare();
        (RunPlan plan, FactorStore store) = data.Plan("run");
        store.WriteAttempt(plan.RunId, 1);
        string damaged = store.BlockPath(plan.RunId, 0, FactorSide.Items, 1);
        byte[] bytes = File.ReadAllBytes(damaged);
        bytes[^7] ^= 0x10;
        File.WriteAllBytes(damaged, bytes);
        // A fresh store without the planner's cache, as a worker process has.
        await using ActorHarness actors = await ActorHarness.StartAsync(new FactorStore(store.Root), coordinator: null, workers: 1);

        await actors.Publish(new SolveBlock(plan.RunId, 1, 1, BlockSide.Users, 2));

        BlockFailed failure = await actors.Published<BlockFailed>(_ => true);
        Assert.Equal((1, 1, 2, "solve users"), (failure.Attempt, failure.Iteration, failure.BlockId, failure.Work));
        Assert.Contains("block-00001", failure.Error);
        await actors.Consumed<SolveBlock>(1);
        Assert.Empty(actors.Harness.Published.Select<BlockSolved>());
    }

    private static double[] NaiveGram(FactorMatrix rows)
    {
        int k = rows.Factors;
        var gram = new double[k * k];
        for (int r = 0; r < rows.Rows; r++)
            for (int i = 0; i < k; i++)
                for (int j = 0; j < k; j++)
                    gram[i * k + j] += (double)rows.Values[r * k + i] * rows.Values[r * k + j];
        return gram;
    }
}
