using Akka.Actor;
using Worker;

namespace ActorTestSupport;

/// <summary>
/// Stands in for the shard region in one actor system: routes each block command to its <see cref="BlockActor"/> child
/// by entity id (created on first use, kept like a sharded entity). Commands and answers pass through it, so it records
/// both in arrival order.
/// </summary>
public sealed class LocalBlockRegion : ReceiveActor
{
    private readonly List<object> _received;

    /// <summary>A region whose entities work with <paramref name="worker"/>.</summary>
    public LocalBlockRegion(BlockWorker worker, List<object> received)
    {
        _received = received;
        var identity = new WorkerIdentity("test/" + Environment.ProcessId, worker.Threads);
        var log = new BlockLog(null);
        IActorRef asker = ActorRefs.Nobody;
        ReceiveAny(message =>
        {
            lock (_received) _received.Add(message);
            if (message is not (Messages.SolveBlock or Messages.EvaluateBlock))
            {
                asker.Tell(message);                                   // an answer: on to the coordinator
                return;
            }
            asker = Sender;
            string id = BlockEntity.Of(message).EntityId;
            IActorRef entity = !Context.Child(id).IsNobody() ? Context.Child(id) : Context.ActorOf(BlockActor.Props(id, worker, identity, log), id);
            entity.Tell(message, Self);
        });
    }

    /// <summary>Props of the region; <paramref name="received"/> collects the commands and answers.</summary>
    public static Props Props(BlockWorker worker, List<object> received) => Akka.Actor.Props.Create(() => new LocalBlockRegion(worker, received));
}
