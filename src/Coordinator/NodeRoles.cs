namespace Coordinator;

/// <summary>The cluster roles a node may hold.</summary>
public static class NodeRoles
{
    /// <summary>Hosts the coordinator singleton (a <c>train</c> or <c>cluster</c> process).</summary>
    public const string Coordinator = "coordinator";

    /// <summary>Hosts block entities of the shard region (a <c>worker</c> process, and <c>train</c> unless <c>--workers 0</c>).</summary>
    public const string Worker = "worker";
}
