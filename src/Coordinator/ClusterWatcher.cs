using Akka.Actor;
using Akka.Cluster;

namespace Coordinator;

/// <summary>
/// Child of the coordinator: follows the cluster's members and tells its parent a <see cref="WorkerMembership"/> whenever
/// the worker nodes that are up change, so the coordinator itself handles plain local messages (and tests can send them).
/// </summary>
public sealed class ClusterWatcher : ReceiveActor
{
    private readonly HashSet<Address> _workers = [];

    /// <summary>The watcher.</summary>
    public ClusterWatcher()
    {
        Receive<ClusterEvent.MemberUp>(up =>
        {
            if (up.Member.HasRole(NodeRoles.Worker) && _workers.Add(up.Member.Address)) Context.Parent.Tell(new WorkerMembership(_workers.Count, false));
        });
        Receive<ClusterEvent.MemberRemoved>(removed =>
        {
            if (removed.Member.HasRole(NodeRoles.Worker) && _workers.Remove(removed.Member.Address)) Context.Parent.Tell(new WorkerMembership(_workers.Count, true));
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (Member member in state.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(NodeRoles.Worker))) _workers.Add(member.Address);
            Context.Parent.Tell(new WorkerMembership(_workers.Count, false));
        });
    }

    /// <inheritdoc/>
    protected override void PreStart() => Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent));

    /// <inheritdoc/>
    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);
}
