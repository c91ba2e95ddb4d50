using Data.Interactions;
using Data.Synthetic;

namespace Data.Tests.Synthetic;

public sealed class SyntheticDatasetTests
{
    [Fact]
    public void Small_preset_is_filtered_split_and_transposed_consistently()
    {
        SyntheticDataset data = SyntheticDataset.Build(SyntheticSpec.For(SyntheticPreset.Small), 42, new FilterOptions(), 0.2, threads: 2);
        Assert.Equal(data.GeneratedRows - data.Filter.Counts.RowsRemoved, data.Train.NonZeros + data.Test.NonZeros);
        Assert.Equal(data.Train.Rows, data.TrainByItem.Columns);
        Assert.Equal(data.Train.Columns, data.TrainByItem.Rows);
        Assert.Equal(data.Train.NonZeros, data.TrainByItem.NonZeros);
        Assert.Equal(data.Train.Rows, data.Filter.UserMap.Length);
        Assert.Equal(data.Train.Columns, data.Filter.ItemMap.Length);
        Assert.InRange(data.Test.NonZeros / (double)(data.Train.NonZeros + data.Test.NonZeros), 0.18, 0.22);

        SyntheticDataset again = SyntheticDataset.Build(SyntheticSpec.For(SyntheticPreset.Small), 42, new FilterOptions(), 0.2, threads: 1);
        Assert.Equal(data.Test.ColumnIndices, again.Test.ColumnIndices);
    }
}
