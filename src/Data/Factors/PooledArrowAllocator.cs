using System.Buffers;
using Apache.Arrow.Memory;

namespace Data.Factors;

/// <summary>
/// Memory for the Arrow reader's copy of a record batch, taken from <paramref name="pool"/> and not cleared: every byte
/// of it is overwritten by the batch read into it. The reader's default (native, zero-filled memory) cleared about 1% of
/// a worker's CPU time away when nodes read each other's factor blocks every half-step.
/// </summary>
internal sealed class PooledArrowAllocator(ArrayPool<byte> pool) : MemoryAllocator
{
    /// <inheritdoc/>
    protected override IMemoryOwner<byte> AllocateInternal(int length, out int bytesAllocated)
    {
        bytesAllocated = length;
        return new Lease(pool, length);
    }

    /// <summary>One array of the pool, returned when the batch that holds it is disposed.</summary>
    private sealed class Lease(ArrayPool<byte> pool, int length) : IMemoryOwner<byte>
    {
        private byte[]? _array = pool.Rent(length);

        /// <inheritdoc/>
        public Memory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(Lease))).AsMemory(0, length);

        /// <inheritdoc/>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _array, null) is { } array) pool.Return(array);
        }
    }
}
