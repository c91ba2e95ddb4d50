using System.Buffers.Binary;
using System.Numerics;

namespace Data.Import;

/// <summary>
/// Numbers distinct byte strings 0, 1, 2, … in order of first appearance without making a string of any: a new key
/// is copied into an arena, and lookups compare bytes. Open addressing with linear probing, kept at most half full.
/// Each slot packs the key's hash beside its entry number, so a probe touches the key's bytes only when the hashes
/// match: one lookup costs about two cache misses (slot, then key) in a table too large for the cache.
/// The caller passes each key's <see cref="Hash"/>, so a key hashed once (in a parser thread) is not hashed again
/// when it is looked up in a second table (by the merge). <see cref="Reset"/> empties it and keeps the arrays.
/// </summary>
internal sealed class ByteSpanTable
{
    /// <summary>Slots of a new table; grows by doubling.</summary>
    private const int InitialSlots = 1 << 12;

    /// <summary>Odd 64-bit constants (the golden ratio's and a large prime's bits) that spread each 8-byte word over the hash.</summary>
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL, Multiplier2 = 0xC2B2AE3D27D4EB4FUL;

    private long[] _slots = new long[InitialSlots];        // hash << 32 | (entry + 1); 0 = empty
    private (int Start, int Length)[] _entries = new (int, int)[InitialSlots / 2];
    private byte[] _arena = new byte[InitialSlots * 16];
    private int _arenaLength;

    /// <summary>Distinct keys seen since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The hash of <paramref name="key"/> to pass to <see cref="GetOrAdd"/>: each 8-byte word (the tail zero-padded)
    /// is mixed in by multiply and rotate, the length last. Not for untrusted keys where collisions would be an attack:
    /// a flood of colliding keys slows a table down but cannot change its numbering.
    /// </summary>
    public static int Hash(ReadOnlySpan<byte> key)
    {
        ulong hash = (ulong)key.Length * Multiplier;
        int position = 0;
        for (; position + 8 <= key.Length; position += 8)
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(key[position..])) * Multiplier, 29);
        if (position < key.Length)
        {
            Span<byte> tail = stackalloc byte[8];
            tail.Clear();
            key[position..].CopyTo(tail);
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(tail)) * Multiplier, 29);
        }
        hash = (hash ^ (hash >> 32)) * Multiplier2;
        return (int)(hash >> 32);
    }

    /// <summary>Key number <paramref name="index"/>'s bytes (valid until the next add).</summary>
    public ReadOnlySpan<byte> Key(int index) => _arena.AsSpan(_entries[index].Start, _entries[index].Length);

    /// <summary>A copy that later adds to this table do not change (readers on other threads may look keys up in it).</summary>
    public ByteSpanTable Copy()
    {
        var copy = new ByteSpanTable
        {
            _slots = (long[])_slots.Clone(),
            _entries = (((int, int)[])_entries.Clone()),
            _arena = _arena.AsSpan(0, _arenaLength).ToArray(),
            _arenaLength = _arenaLength,
            Count = Count,
        };
        return copy;
    }

    /// <summary>The number of <paramref name="key"/> (whose <see cref="Hash"/> is <paramref name="hash"/>), or -1 when it has none. Does not change the table.</summary>
    public int Find(ReadOnlySpan<byte> key, int hash)
    {
        int mask = _slots.Length - 1;
        long tag = (long)hash << 32;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            long value = _slots[slot];
            if (value == 0) return -1;
            if ((value & ~0xFFFFFFFFL) != tag) continue;
            int entry = (int)(uint)value - 1;
            (int start, int length) = _entries[entry];
            if (_arena.AsSpan(start, length).SequenceEqual(key)) return entry;
        }
    }

    /// <summary>Empties the table.</summary>
    public void Reset()
    {
        if (Count > 0) Array.Clear(_slots);
        Count = 0;
        _arenaLength = 0;
    }

    /// <summary>The number of <paramref name="key"/> (whose <see cref="Hash"/> is <paramref name="hash"/>), numbering it <see cref="Count"/> if new.</summary>
    public int GetOrAdd(ReadOnlySpan<byte> key, int hash, out bool added)
    {
        int mask = _slots.Length - 1;
        long tag = (long)hash << 32;
        for (int slot = hash & mask; ; slot = (slot + 1) & mask)
        {
            long value = _slots[slot];
            if (value == 0)
            {
                added = true;
                int entry = Count++;
                _slots[slot] = tag | (uint)(entry + 1);
                if (_arena.Length - _arenaLength < key.Length) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, _arenaLength + key.Length));
                key.CopyTo(_arena.AsSpan(_arenaLength));
                _entries[entry] = (_arenaLength, key.Length);
                _arenaLength += key.Length;
                if (Count * 2 >= _slots.Length) Grow();
                return entry;
            }
            if ((value & ~0xFFFFFFFFL) == tag)
            {
                int entry = (int)(uint)value - 1;
                (int start, int length) = _entries[entry];
                if (_arena.AsSpan(start, length).SequenceEqual(key))
                {
                    added = false;
                    return entry;
                }
            }
        }
    }

    private void Grow()
    {
        long[] old = _slots;
        _slots = new long[old.Length * 2];
        Array.Resize(ref _entries, _slots.Length / 2);
        int mask = _slots.Length - 1;
        foreach (long value in old)
        {
            if (value == 0) continue;
            int slot = (int)(value >> 32) & mask;
            while (_slots[slot] != 0) slot = (slot + 1) & mask;
            _slots[slot] = value;
        }
    }
}
