namespace Messages;

/// <summary>Event: a worker is alive and connected (published every few seconds), so the coordinator can tell "busy" from "no workers".</summary>
/// <param name="Worker">Host and process.</param>
/// <param name="Threads">Threads it solves with.</param>
/// <param name="SentUtc">When.</param>
public sealed record WorkerHeartbeat(string Worker, int Threads, DateTime SentUtc);
