using System.Diagnostics;

namespace Data.Import;

/// <summary>
/// Where a text import spends its time, in seconds of one thread each: reading and cutting the input into chunks
/// (<see cref="Read"/>), checking and splitting each line into fields (<see cref="Parse"/>), and numbering user ids
/// and artist keys (<see cref="Key"/>). Parser threads add to it at once, so the three may sum to more than the wall
/// time of the import.
/// </summary>
public sealed class ImportTimings
{
    private long _read, _parse, _key;

    /// <summary>Seconds spent reading the input and cutting it into chunks of whole lines.</summary>
    public double Read => Seconds(Interlocked.Read(ref _read));

    /// <summary>Seconds spent checking lines (UTF-8, fields, plays) and recording rejects, summed over threads.</summary>
    public double Parse => Seconds(Interlocked.Read(ref _parse));

    /// <summary>Seconds spent numbering user ids and artist keys (per chunk, then in input order), summed over threads.</summary>
    public double Key => Seconds(Interlocked.Read(ref _key));

    /// <summary>Adds the time since <paramref name="start"/> (a <see cref="Stopwatch.GetTimestamp"/>) to <see cref="Read"/>; returns now.</summary>
    internal long AddRead(long start) => Add(ref _read, start);

    /// <summary>Adds the time since <paramref name="start"/> to <see cref="Parse"/>; returns now.</summary>
    internal long AddParse(long start) => Add(ref _parse, start);

    /// <summary>Adds the time since <paramref name="start"/> to <see cref="Key"/>; returns now.</summary>
    internal long AddKey(long start) => Add(ref _key, start);

    private static long Add(ref long total, long start)
    {
        long now = Stopwatch.GetTimestamp();
        Interlocked.Add(ref total, now - start);
        return now;
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
