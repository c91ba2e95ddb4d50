using System.Globalization;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Data.Failures;
using Messages;

namespace Coordinator;

/// <summary>
/// The coordinator of one run, a cluster singleton (role <c>coordinator</c>), with explicit states:
/// Planning → [Gathering] → (SolvingUsers → SolvingItems → Evaluating → Checkpointing)* → Done | Failed. Each working state is a barrier
/// over the blocks of its phase; the store work is <see cref="RunCoordinator"/>'s.
/// </summary>
/// <remarks>
/// Delivery through the shard region is at most once, so a pending block is sent again when its deadline passes (a
/// multiple of its previous time) and when a worker node leaves the cluster. Answers of another run, attempt, iteration
/// or phase, and second answers of a block, are ignored, so a re-send is harmless. A <see cref="BlockFailed"/> is retried
/// <see cref="CoordinatorSettings.MaxRetries"/> times, then fails the run with its cause; so does an exception in the
/// coordinator itself, and a run with no finished block for <see cref="CoordinatorSettings.StallTimeout"/>. Time comes
/// from the injected <see cref="TimeProvider"/>; the checks run on a local timer, never on messages from the network.
/// </remarks>
public sealed class CoordinatorActor : ReceiveActor, IWithTimers
{
    private readonly RunCoordinator _work;
    private readonly RunState _run;
    private readonly bool _resume;
    private readonly CoordinatorSettings _settings;
    private readonly IActorRef _blocks;
    private readonly IRunListener _listener;
    private readonly TimeProvider _time;
    private readonly bool _watchCluster;
    private readonly Dictionary<int, IAlsMessage> _commands = [];
    private int _workersUp = -1;                   // unknown until the cluster says
    private DateTime _gatheringSinceUtc;

    /// <summary>The coordinator of run <paramref name="runId"/>, sending block commands to <paramref name="blocks"/> (the shard region or a test probe).</summary>
    public CoordinatorActor(RunCoordinator work, Guid runId, bool resume, CoordinatorSettings settings, IActorRef blocks, IRunListener listener,
        TimeProvider time, bool watchCluster)
    {
        _work = work;
        _run = new RunState { RunId = runId };
        _resume = resume;
        _settings = settings;
        _blocks = blocks;
        _listener = listener;
        _time = time;
        _watchCluster = watchCluster;
        Planning();
    }

    /// <summary>Props of the coordinator (see the constructor).</summary>
    public static Props Props(RunCoordinator work, Guid runId, bool resume, CoordinatorSettings settings, IActorRef blocks, IRunListener listener,
        TimeProvider time, bool watchCluster) =>
        Akka.Actor.Props.Create(() => new CoordinatorActor(work, runId, resume, settings, blocks, listener, time, watchCluster));

    /// <inheritdoc/>
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>The state's name, for tests and logs.</summary>
    public string State { get; private set; } = "";

    /// <summary>The coordinator's own clock tick (local only).</summary>
    public sealed class Tick
    {
        /// <summary>The tick.</summary>
        public static readonly Tick Instance = new();

        private Tick()
        {
        }
    }

    private sealed class Begin
    {
        public static readonly Begin Instance = new();
    }

    private sealed class WriteCheckpoint
    {
        public static readonly WriteCheckpoint Instance = new();
    }

    /// <summary>The second re-send after a worker node was removed.</summary>
    private sealed class ResendPending
    {
        public static readonly ResendPending Instance = new();
    }

    /// <inheritdoc/>
    protected override void PreStart()
    {
        if (_watchCluster) Context.ActorOf(Akka.Actor.Props.Create(() => new ClusterWatcher()), "members");
        Timers.StartPeriodicTimer("tick", Tick.Instance, _settings.Tick);
        Self.Tell(Begin.Instance);
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private void Planning()
    {
        State = "Planning";
        Receive<Begin>(_ => Guard(() =>
        {
            if (_work.Begin(_run, _resume, Status))
            {
                Succeed();
                return;
            }
            if (_settings.ExpectedWorkers > 1)
            {
                _gatheringSinceUtc = Now;
                _blocks.Tell(GetCurrentRegions.Instance, Self);
                Become(Gathering);
                return;
            }
            StartFirstIteration();
        }));
        Receive<WorkerMembership>(m => _workersUp = m.WorkersUp);
        ReceiveAny(_ => { });
    }

    /// <summary>Waits until the expected worker nodes host shard regions (or for at most <see cref="CoordinatorSettings.ExpectedWorkersWait"/>).</summary>
    private void Gathering()
    {
        State = "Gathering";
        Receive<CurrentRegions>(m => Guard(() =>
        {
            if (m.Regions.Count >= _settings.ExpectedWorkers) StartFirstIteration();
        }));
        Receive<Tick>(_ => Guard(() =>
        {
            if (Now - _gatheringSinceUtc < _settings.ExpectedWorkersWait)
            {
                _blocks.Tell(GetCurrentRegions.Instance, Self);
                return;
            }
            Status(string.Create(CultureInfo.InvariantCulture,
                $"{Math.Max(0, _workersUp)} of {_settings.ExpectedWorkers} worker nodes joined within {_settings.ExpectedWorkersWait.TotalSeconds:F0} s; starting with them."));
            StartFirstIteration();
        }));
        Receive<WorkerMembership>(m =>
        {
            _workersUp = m.WorkersUp;
            _blocks.Tell(GetCurrentRegions.Instance, Self);
        });
        ReceiveAny(_ => { });
    }

    private void StartFirstIteration()
    {
        _run.LastProgressUtc = Now;
        SendAll(RunCoordinator.StartIteration(_run, Now));
        Become(SolvingUsers);
    }

    private void SolvingUsers()
    {
        State = "SolvingUsers";
        Receive<BlockSolved>(m => RunCoordinator.Accepts(_run, m, BlockSide.Users), m => Guard(() =>
        {
            _work.Record(_run, m, Now);
            if (_run.Pending.Count > 0) return;
            _work.CompleteUsers(_run);
            SendAll(RunCoordinator.OpenHalfStep(_run, BlockSide.Items));
            Become(SolvingItems);
        }));
        Working("solve users");
    }

    private void SolvingItems()
    {
        State = "SolvingItems";
        Receive<BlockSolved>(m => RunCoordinator.Accepts(_run, m, BlockSide.Items), m => Guard(() =>
        {
            _work.Record(_run, m, Now);
            if (_run.Pending.Count > 0) return;
            IReadOnlyList<EvaluateBlock> evaluations = _work.CompleteItems(_run, Now);
            SendAll(evaluations);
            Become(Evaluating);
        }));
        Working("solve items");
    }

    private void Evaluating()
    {
        State = "Evaluating";
        Receive<BlockEvaluated>(m => RunCoordinator.Accepts(_run, m), m => Guard(() =>
        {
            _work.Record(_run, m, Now);
            if (_run.Pending.Count > 0) return;
            Self.Tell(WriteCheckpoint.Instance);
            Become(Checkpointing);
        }));
        Working("evaluate");
    }

    private void Checkpointing()
    {
        State = "Checkpointing";
        Receive<WriteCheckpoint>(_ => Guard(() =>
        {
            _listener.OnIteration(_work.Checkpoint(_run, Now));
            if (RunCoordinator.IsLastIteration(_run))
            {
                if (_run.StoppedEarly)
                    Status(string.Create(CultureInfo.InvariantCulture,
                        $"Stopping early after iteration {_run.Iteration}: no better validation NDCG@{Data.Store.ValidationOptions.Cutoff} for {_run.Plan!.Validation!.Options.EarlyStopping} iterations (the best is iteration {_run.BestIteration})."));
                _work.Finish(_run);
                Succeed();
                return;
            }
            SendAll(RunCoordinator.StartIteration(_run, Now));
            Become(SolvingUsers);
        }));
        Receive<WorkerMembership>(m => _workersUp = m.WorkersUp);
        ReceiveAny(_ => { });                         // answers of the finished phase: duplicates
    }

    /// <summary>What every working state handles besides its own answers.</summary>
    private void Working(string work)
    {
        Receive<BlockFailed>(m => m.RunId == _run.RunId && m.Attempt == _run.Attempt && m.Iteration == _run.Iteration && m.Work == work
            && _run.Pending.Contains(m.BlockId), m => Guard(() => OnFailed(m)));
        Receive<Tick>(_ => Guard(OnTick));
        Receive<WorkerMembership>(m => Guard(() => OnMembership(m)));
        Receive<ResendPending>(_ => Guard(ResendAll));
        ReceiveAny(_ => { });                         // stale or duplicate answers
    }

    private void OnFailed(BlockFailed failure)
    {
        int failures = _run.Failures[failure.BlockId] = _run.Failures.GetValueOrDefault(failure.BlockId) + 1;
        string what = string.Create(CultureInfo.InvariantCulture, $"{failure.Work} block {failure.BlockId} of iteration {failure.Iteration} failed on {failure.Worker}: {failure.Error}");
        if (failures > _settings.MaxRetries)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"{what} ({failures} failures, {_settings.MaxRetries} retries)"));
            return;
        }
        Status(string.Create(CultureInfo.InvariantCulture, $"{what}; retrying ({failures} of {_settings.MaxRetries})."));
        Send(_commands[failure.BlockId]);
    }

    private void OnTick()
    {
        if (_run.Pending.Count == 0) return;
        DateTime now = Now;
        TimeSpan quiet = now - _run.LastProgressUtc;
        if (quiet >= _settings.StallTimeout)
        {
            Fail(string.Create(CultureInfo.InvariantCulture,
                $"No block finished for {quiet.TotalSeconds:F0} s (timeout {_settings.StallTimeout.TotalSeconds:F0} s) with {_run.Pending.Count} blocks pending and " +
                $"{Math.Max(0, _workersUp)} worker nodes in the cluster; giving up."));
            return;
        }
        if (_workersUp == 0 && quiet >= _settings.StallNotice
            && (_run.LastWaitingNoticeUtc is not { } last || now - last >= _settings.NoticeInterval))
        {
            _run.LastWaitingNoticeUtc = now;
            Status(string.Create(CultureInfo.InvariantCulture,
                $"Waiting for workers: no worker node is in the cluster; {_run.Pending.Count} blocks pending (iteration {_run.Iteration}). " +
                $"Start one with `{WorkerHint()}`; giving up after {_settings.StallTimeout.TotalSeconds:F0} s without progress."));
        }
        foreach (int block in _run.Pending.Order().ToList())
        {
            if (!_run.SentUtc.TryGetValue(block, out DateTime sent) || now - sent < Deadline(block)) continue;
            _run.Resends++;
            Send(_commands[block]);
        }
    }

    private string WorkerHint()
    {
        if (_settings.WorkerHint is { } hint) return hint;
        string join = _watchCluster ? $"{Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Host}:{Akka.Cluster.Cluster.Get(Context.System).SelfAddress.Port}" : "HOST:PORT";
        return $"als worker --join {join} --store {_work.Store.Root}";
    }

    private void OnMembership(WorkerMembership membership)
    {
        _workersUp = membership.WorkersUp;
        if (!membership.Removed || _run.Pending.Count == 0) return;
        Status(string.Create(CultureInfo.InvariantCulture,
            $"A worker node left the cluster ({membership.WorkersUp} up); re-sending the {_run.Pending.Count} pending blocks of iteration {_run.Iteration}."));
        ResendAll();
        Timers.StartSingleTimer("resend-after-removal", ResendPending.Instance, _settings.RemovalResendDelay);
    }

    private void ResendAll()
    {
        foreach (int block in _run.Pending.Order().ToList())
        {
            _run.Resends++;
            Send(_commands[block]);
        }
    }

    /// <summary>How long a block may take before it is sent again: a multiple of its previous time, or the initial deadline before any.</summary>
    private TimeSpan Deadline(int block)
    {
        double previous = _commands[block] switch
        {
            SolveBlock solve when _run.BlockSeconds.TryGetValue(solve.Side, out double[]? seconds) => seconds[block],
            EvaluateBlock when _run.EvaluationSeconds.Length > block => _run.EvaluationSeconds[block],
            _ => 0,
        };
        if (previous <= 0) return _settings.InitialDeadline;
        TimeSpan scaled = TimeSpan.FromSeconds(previous * _settings.DeadlineFactor);
        return scaled > _settings.MinimumDeadline ? scaled : _settings.MinimumDeadline;
    }

    private void SendAll<T>(IReadOnlyList<T> commands) where T : IAlsMessage
    {
        _commands.Clear();
        foreach (T command in commands)
        {
            _commands[command is SolveBlock s ? s.BlockId : ((EvaluateBlock)(object)command).BlockId] = command;
            Send(command);
        }
    }

    private void Send(IAlsMessage command)
    {
        _run.SentUtc[command is SolveBlock s ? s.BlockId : ((EvaluateBlock)command).BlockId] = Now;
        _blocks.Tell(command, Self);
    }

    private void Status(string message) => _listener.OnStatus(new RunStatus(_run.RunId, message));

    private void Succeed()
    {
        Timers.CancelAll();
        _listener.OnFinished(new RunFinished(_run.RunId, _run.Attempt, true, null));
        State = "Done";
        Become(() => ReceiveAny(_ => { }));
    }

    private void Fail(string error)
    {
        Timers.CancelAll();
        _listener.OnFinished(new RunFinished(_run.RunId, _run.Attempt, false, error));
        State = "Failed";
        Become(() => ReceiveAny(_ => { }));
    }

    /// <summary>Runs a step; an exception in the coordinator fails the run with its cause instead of restarting the actor.</summary>
    private void Guard(Action step)
    {
        try
        {
            step();
        }
        catch (Exception error)
        {
            Fail(string.Create(CultureInfo.InvariantCulture, $"the coordinator failed in state {State} of iteration {_run.Iteration}: {FailureCause.Of(error)}"));
        }
    }
}
