using System.Diagnostics;
using Akka.Actor;
using Data.Failures;
using Data.Store;
using Linalg.Evaluation;
using Linalg.Sparse;
using Linalg.Training;
using Messages;

namespace Worker;

/// <summary>
/// One block of one side, a sharded entity (role <c>worker</c>): it loads its rating rows on first use and keeps them
/// while it lives, so later iterations read only the fixed side's factors (through the node's shared
/// <see cref="BlockWorker"/> cache). On <see cref="SolveBlock"/> it solves, writes its block and answers
/// <see cref="BlockSolved"/>; on <see cref="EvaluateBlock"/> (user blocks) it answers <see cref="BlockEvaluated"/>.
/// </summary>
/// <remarks>
/// One failure rule: any exception of the work becomes a <see cref="BlockFailed"/> naming the block and the cause; the
/// coordinator decides about retries. Commands of an older attempt than the store's are dropped. A repeated command (the
/// coordinator re-sends at most-once deliveries) is not solved twice: while it runs the repeat is ignored, after it the
/// same answer is sent again. The answer goes straight to the asker from the work's continuation, so a block finished
/// while its shard is handed to another node is still answered.
/// </remarks>
public sealed class BlockActor : ReceiveActor
{
    private readonly BlockEntity _entity;
    private readonly BlockWorker _worker;
    private readonly WorkerIdentity _identity;
    private readonly BlockLog _log;
    private CsrMatrix? _ratings;
    private CsrMatrix? _test;
    private object? _running;
    private (object Command, IAlsMessage Answer)? _last;

    /// <summary>The entity <paramref name="entityId"/> (see <see cref="BlockEntity"/>) on a node with <paramref name="worker"/>.</summary>
    public BlockActor(string entityId, BlockWorker worker, WorkerIdentity identity, BlockLog log)
    {
        _entity = BlockEntity.Parse(entityId);
        _worker = worker;
        _identity = identity;
        _log = log;
        Receive<SolveBlock>(command => Start(command, command.RunId, command.Attempt));
        Receive<EvaluateBlock>(command => Start(command, command.RunId, command.Attempt));
        Receive<Finished>(OnFinished);
    }

    /// <summary>Props of the entity <paramref name="entityId"/>.</summary>
    public static Props Props(string entityId, BlockWorker worker, WorkerIdentity identity, BlockLog log) =>
        Akka.Actor.Props.Create(() => new BlockActor(entityId, worker, identity, log));

    /// <summary>What a finished job leaves for the entity: the answer, and the rows it loaded to keep.</summary>
    private sealed record Finished(object Command, IAlsMessage Answer, CsrMatrix? Ratings, CsrMatrix? Test);

    private void Start(object command, Guid run, int attempt)
    {
        if (command.Equals(_running)) return;                                        // a re-send of the block in progress
        if (_last is { } last && last.Command.Equals(command))
        {
            Sender.Tell(last.Answer);                                                 // a re-send of a block already done
            return;
        }
        IActorRef replyTo = Sender, self = Self;
        _running = command;
        CsrMatrix? ratings = _ratings, test = _test;
        _worker.RunAsync(() => Work(command, run, attempt, ratings, test)).ContinueWith(task =>
        {
            Finished done = task.IsCompletedSuccessfully ? task.Result
                : new Finished(command, Failure(command, task.Exception?.GetBaseException() ?? new TaskCanceledException("the block's work was cancelled")), null, null);
            if (done.Answer is not Dropped) replyTo.Tell(done.Answer, self);
            self.Tell(done);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void OnFinished(Finished done)
    {
        _ratings ??= done.Ratings;
        _test ??= done.Test;
        if (done.Command.Equals(_running)) _running = null;
        if (done.Answer is BlockSolved or BlockEvaluated) _last = (done.Command, done.Answer);
    }

    /// <summary>Runs on the node's block slots, off the actor's thread.</summary>
    private Finished Work(object command, Guid run, int attempt, CsrMatrix? ratings, CsrMatrix? test)
    {
        if (_worker.Store.ReadAttempt(run) > attempt) return new Finished(command, Dropped.Instance, null, null);   // a newer coordinator owns the run
        string work = Describe(command);
        int iteration = command is SolveBlock s ? s.Iteration : ((EvaluateBlock)command).Iteration;
        _log.Started(work, iteration, _entity.BlockId, attempt);
        var clock = Stopwatch.StartNew();
        try
        {
            ratings ??= _worker.LoadRatings(run, _entity.Side == BlockSide.Users ? RatingKind.Users : RatingKind.Items, _entity.BlockId);
            IAlsMessage answer;
            if (command is SolveBlock solve)
            {
                SolveResult result = _worker.Solve(run, solve.Iteration, solve.Side == BlockSide.Users ? FactorSide.Users : FactorSide.Items, solve.BlockId, ratings);
                byte[] gram = GramPayload.Pack(result.PartialGram);
                answer = new BlockSolved(run, attempt, solve.Iteration, solve.Side, solve.BlockId, gram, result.BlockCrc32,
                    result.Loss.Correction, result.Loss.ConfidenceSum, result.Loss.Entries, _identity.Name, clock.Elapsed.TotalSeconds);
            }
            else
            {
                var evaluate = (EvaluateBlock)command;
                test ??= _worker.LoadRatings(run, RatingKind.Test, _entity.BlockId);
                EvaluationResult result = _worker.Evaluate(run, evaluate.Iteration, evaluate.BlockId, ratings, test);
                answer = new BlockEvaluated(run, attempt, evaluate.Iteration, evaluate.BlockId,
                    Partial(result.Metrics), _identity.Name, clock.Elapsed.TotalSeconds, result.Validation is { } validation ? Partial(validation) : null);
            }
            _log.Finished(work, iteration, _entity.BlockId, clock.Elapsed.TotalSeconds);
            _worker.CountFinished();
            return new Finished(command, answer, ratings, test);
        }
        catch (Exception error)
        {
            BlockFailed failed = Failure(command, error);
            _log.Failed(work, iteration, _entity.BlockId, failed.Error);
            return new Finished(command, failed, ratings, test);
        }
    }

    private static MetricsPartial Partial(MetricsState m) => new(m.Cutoff, m.Items, m.Users, m.HitUsers, m.Precision, m.Recall, m.Ndcg, m.Map, m.Covered);

    private BlockFailed Failure(object command, Exception error)
    {
        string cause = FailureCause.Of(error);
        return command switch
        {
            SolveBlock s => new BlockFailed(s.RunId, s.Attempt, s.Iteration, Describe(s), s.BlockId, cause, _identity.Name),
            EvaluateBlock e => new BlockFailed(e.RunId, e.Attempt, e.Iteration, Describe(e), e.BlockId, cause, _identity.Name),
            _ => throw new ArgumentException($"{command.GetType().Name} is not a block command.", nameof(command)),
        };
    }

    /// <summary>"solve users", "solve items" or "evaluate" (the words of the block log and of <see cref="BlockFailed.Work"/>).</summary>
    public static string Describe(object command) => command switch
    {
        SolveBlock { Side: BlockSide.Users } => "solve users",
        SolveBlock => "solve items",
        _ => "evaluate",
    };

    /// <summary>No answer: the command belonged to a superseded attempt.</summary>
    private sealed class Dropped : IAlsMessage
    {
        public static readonly Dropped Instance = new();
    }
}
