namespace Coordinator;

/// <summary>
/// Local message to the coordinator: the worker nodes in the cluster changed. <paramref name="Removed"/> is set when a
/// worker node left or was downed: the blocks it may have been solving are re-sent.
/// </summary>
/// <param name="WorkersUp">Worker-role members that are up.</param>
/// <param name="Removed">A worker member was removed.</param>
public sealed record WorkerMembership(int WorkersUp, bool Removed);
