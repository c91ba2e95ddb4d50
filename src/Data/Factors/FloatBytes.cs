using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Data.Factors;

/// <summary>
/// The bytes of a float array segment as memory, without a copy: how a factor matrix's values become an Arrow column
/// buffer (which takes bytes) when a factor file is written.
/// </summary>
internal sealed class FloatBytes(float[] array, int start, int length) : MemoryManager<byte>
{
    private GCHandle _pin;

    /// <inheritdoc/>
    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan(start, length));

    /// <inheritdoc/>
    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated) _pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        byte* first = (byte*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(array)) + (long)start * sizeof(float) + elementIndex;
        return new MemoryHandle(first, default, this);
    }

    /// <inheritdoc/>
    public override void Unpin()
    {
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_pin.IsAllocated) _pin.Free();
    }
}
