using System.Buffers.Binary;
using System.Numerics;

namespace Data.Import;

/// <summary>
/// Numbers distinct byte strings 0, 1, 2, … in order of first appearance without making a string of any: a new key
/// is copied into an arena, and lookups compare bytes. Open addressing with linear probing, kept at most half full.
/// Each slot packs the key's hash beside the key's place in the arena, and the arena holds each key's length and
/// number right before its bytes, so a lookup in a table too large for the cache costs about two misses: the slot,
/// then the key. The caller passes each key's <see cref="Hash"/>, so a key hashed once (in a parser thread) is not
/// hashed again when it is looked up in a second table (by the merge). <see cref="Reset"/> empties it and keeps the arrays.
/// </summary>
internal sealed class ByteSpanTable
{
    /// <summary>Slots of a new table; grows by doubling.</summary>
    private const int InitialSlots = 1 << 12;

    /// <summary>Bytes before each key in the arena: its length and its number (two Int32).</summary>
    private const int HeaderBytes = 8;

    /// <summary>Odd 64-bit constants (the golden ratio's and a large prime's bits) that spread each 8-byte word over the hash.</summary>
    private const ulong Multiplier = 0x9E3779B97F4A7C15UL, Multiplier2 = 0xC2B2AE3D27D4EB4FUL;

    private long[] _slots = new long[InitialSlots];        // hash << 32 | (arena offset + 1); 0 = empty
    private int[] _offsets = new int[InitialSlots / 2];    // entry → arena offset of its header
    private byte[] _arena = new byte[InitialSlots * 16];
    private int _arenaLength;

    /// <summary>Distinct keys seen since the last <see cref="Reset"/>.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// The hash of <paramref name="key"/> to pass to <see cref="GetOrAdd"/>: each 8-byte word (the tail zero-padded)
    /// is mixed in by multiply and rotate, the length first. Not for keys chosen to collide: a flood of colliding keys
    /// slows a table down but cannot change its numbering.
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
    public ReadOnlySpan<byte> Key(int index)
    {
        int offset = _offsets[index];
        return _arena.AsSpan(offset + HeaderBytes, BinaryPrimitives.ReadInt32LittleEndian(_arena.AsSpan(offset)));
    }

    /// <summary>A copy that later adds to this table do not change (readers on other threads may look keys up in it).</summary>
    public ByteSpanTable Copy() => new()
    {
        _slots = (long[])_slots.Clone(),
        _offsets = (int[])_offsets.Clone(),
        _arena = _arena.AsSpan(0, _arenaLength).ToArray(),
        _arenaLength = _arenaLength,
        Count = Count,
    };

    /// <summary>Empties the table.</summary>
    public void Reset()
    {
        if (Count > 0) Array.Clear(_slots);
        Count = 0;
        _arenaLength = 0;
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
            if ((value & ~0xFFFFFFFFL) == tag && Matches((int)(uint)value - 1, key, out int entry)) return entry;
        }
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
                int offset = _arenaLength, needed = HeaderBytes + key.Length;
                if (_arena.Length - offset < needed) Array.Resize(ref _arena, Math.Max(_arena.Length * 2, offset + needed));
                BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset), key.Length);
                BinaryPrimitives.WriteInt32LittleEndian(_arena.AsSpan(offset + 4), entry);
                key.CopyTo(_arena.AsSpan(offset + HeaderBytes));
                _arenaLength += needed;
                _slots[slot] = tag | (uint)(offset + 1);
                _offsets[entry] = offset;
                if (Count * 2 >= _slots.Length) Grow();
                return entry;
            }
            if ((value & ~0xFFFFFFFFL) == tag && Matches((int)(uint)value - 1, key, out int found))
            {
                added = false;
                return found;
            }
        }
    }

    /// <summary>Whether the key stored at arena <paramref name="offset"/> is <paramref name="key"/>; its number in <paramref name="entry"/>.</summary>
    private bool Matches(int offset, ReadOnlySpan<byte> key, out int entry)
    {
        ReadOnlySpan<byte> stored = _arena.AsSpan(offset);
        entry = BinaryPrimitives.ReadInt32LittleEndian(stored[4..]);
        return BinaryPrimitives.ReadInt32LittleEndian(stored) == key.Length && stored.Slice(HeaderBytes, key.Length).SequenceEqual(key);
    }

    private void Grow()
    {
        long[] old = _slots;
        _slots = new long[old.Length * 2];
        Array.Resize(ref _offsets, _slots.Length / 2);
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
