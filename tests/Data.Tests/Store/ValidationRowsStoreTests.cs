using Data.Store;
using Linalg.Als;
using Linalg.Sparse;

namespace Data.Tests.Store;

/// <summary>A run's validation rows in the store: written once at planning, read back exactly, refused when changed.</summary>
public sealed class ValidationRowsStoreTests
{
    [Fact]
    public void Validation_rows_round_trip_and_a_changed_file_is_refused_by_name()
    {
        using var folder = new TemporaryDirectory();
        var store = new FactorStore(folder.File("store"));
        CsrMatrix rows = CsrMatrix.FromCoordinates(4, 6, [0, 0, 2, 3, 3], [1, 5, 0, 2, 4], [3, 1, 7, 2, 9], out _);
        var run = Guid.NewGuid();
        string crc = store.WriteValidation(run, rows);
        var plan = new RunPlan(run, folder.File("dataset"), folder.File("run"), new AlsOptions(), 4, 6, [new BlockRange(0, 0, 4)], [new BlockRange(0, 0, 6)], 10, [], 1,
            DateTime.UtcNow, Validation: new ValidationPlan(new ValidationOptions(0, 0.2, true, null), 42, 3, 5, crc));
        store.WritePlan(plan);

        CsrMatrix back = new FactorStore(store.Root).ReadValidation(run);
        Assert.Equal(rows.RowPointers, back.RowPointers);
        Assert.Equal(rows.ColumnIndices, back.ColumnIndices);
        Assert.Equal(rows.Values, back.Values);

        byte[] bytes = File.ReadAllBytes(store.ValidationPath(run));
        bytes[bytes.Length / 2] ^= 0x10;
        File.WriteAllBytes(store.ValidationPath(run), bytes);
        var error = Assert.Throws<InvalidDataException>(() => new FactorStore(store.Root).ReadValidation(run));
        Assert.Contains("validation.parquet", error.Message, StringComparison.Ordinal);
        Assert.Contains(crc, error.Message, StringComparison.Ordinal);

        File.Delete(store.ValidationPath(run));
        Assert.Contains("is missing", Assert.Throws<InvalidDataException>(() => new FactorStore(store.Root).ReadValidation(run)).Message, StringComparison.Ordinal);
    }
}
