using Data.Datasets;
using Data.Factors;
using Data.Files;
using Linalg.Dense;
using Linalg.Sparse;
using Linalg.Training;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json.Serialization;
using System.Text.Json;
using Data.Checksums;

namespace Data.Store;

/// <summary>
/// The factor store shared by the coordinator and the workers: a folder (local disk, or a ReadWriteMany volume
/// on Kubernetes) holding each run's plan, factor blocks per iteration, half-step commits and checkpoints.
/// </summary>
/// <remarks>
/// <code>
///   ROOT/runs/RUN/run.json                          the plan (dataset, parameters, blocks, evaluation sample)
///   ROOT/runs/RUN/validation.parquet               validation rows carved out of training (user_index, item_index, plays), when the run has them
///   ROOT/runs/RUN/attempt.json                      the coordinator's current attempt (epoch); older commands are dropped
///   ROOT/runs/RUN/iteration-000003/users/block-00007.arrow  factor rows (FactorFile: Arrow IPC, index + fixed_size_list of float32 [k])
///   ROOT/runs/RUN/iteration-000003/users.commit.json        the half-step's Gram matrix and block checksums
///   ROOT/runs/RUN/checkpoint-000003.json            the iteration is complete (metrics)
///   ROOT/runs/RUN/spare/users-block-00007.arrow      a pruned iteration's block, to be overwritten by a later one (no reader)
/// </code>
/// <para>Every file is written under a temporary name and renamed, so readers see complete files or none. A block file
/// is complete and visible to every process before its worker answers (so a worker killed after answering loses
/// nothing), but reaches the disk at the pace of the operating system: a checkpoint is what must survive a machine
/// crash, so <see cref="WriteCheckpoint"/> first flushes every block and both commits of its iteration. So that this
/// costs little, <see cref="WriteBlock"/> starts flushing each block in the background in the process that wrote it,
/// while the CPUs keep solving (an fsync before answering cost ~20 ms of idle CPU per 5 MB block). The files of a pruned
/// iteration (<see cref="DeleteIteration"/>) are not deleted but kept as spares: the next write of the same block takes
/// its spare over and overwrites it in place (still under a temporary name, then renamed), which reuses page-cache pages
/// instead of allocating and freeing 133 MB of them per iteration at 360k; <see cref="DeleteSpares"/> removes what is
/// left when the run ends.</para>
/// <para>Blocks read back are checked against the header they must have (side, block, first row, rows, k,
/// iteration) and their CRC-32. With <c>cacheBlocks</c>, blocks written or read by this process are also kept in
/// memory (the current and previous iteration), so workers in one process exchange factors without reading them
/// back.</para>
/// </remarks>
public sealed class FactorStore
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly ConcurrentDictionary<(Guid Run, int Iteration, FactorSide Side, int Block), FactorMatrix>? _cache;
    private readonly ConcurrentDictionary<Guid, RunPlan> _plans = new();
    private readonly ConcurrentDictionary<Guid, Lazy<CsrMatrix>> _validation = new();
    private readonly ConcurrentDictionary<(Guid Run, int Iteration, FactorSide Side), HalfStepCommit> _commits = new();
    private readonly ConcurrentDictionary<(Guid Run, FactorSide Side, int Block), FactorMatrix> _spares = new();

    /// <summary>A store rooted at <paramref name="root"/> (created if missing).</summary>
    /// <param name="root">The folder.</param>
    /// <param name="cacheBlocks">Keep blocks this process wrote or read in memory (the newest two iterations).</param>
    public FactorStore(string root, bool cacheBlocks = false)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = Path.GetFullPath(root);
        Directory.CreateDirectory(Root);
        if (cacheBlocks) _cache = new();
    }

    /// <summary>The store's folder.</summary>
    public string Root { get; }

    /// <summary>Bytes of factor blocks written by this process.</summary>
    public long BytesWritten => Interlocked.Read(ref _bytesWritten);

    /// <summary>Bytes of factor blocks read from disk by this process (cache hits excluded).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    private long _bytesWritten, _bytesRead;

    /// <summary>The folder of run <paramref name="run"/>.</summary>
    public string RunFolder(Guid run) => Path.Combine(Root, "runs", run.ToString("N"));

    /// <summary>Writes the plan of a new run.</summary>
    public void WritePlan(RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        if (plan.DatasetManifestCrc32 is null && File.Exists(Path.Combine(plan.Dataset, DatasetLayout.Manifest)))
            plan = plan with { DatasetManifestCrc32 = PreparedDataset.ManifestCrc32(plan.Dataset) };
        string folder = RunFolder(plan.RunId);
        WriteJson(Path.Combine(folder, "run.json"), plan with
        {
            RunFolder = RelativeWithin(folder, plan.RunFolder, plan.RunFolder),
            Dataset = RelativeWithin(folder, plan.Dataset, plan.RunFolder),
        });
        _plans[plan.RunId] = plan;
    }

    /// <summary>The plan of <paramref name="run"/> (read once per process).</summary>
    /// <exception cref="InvalidDataException">The run is unknown to this store.</exception>
    public RunPlan ReadPlan(Guid run) => _plans.GetOrAdd(run, id =>
    {
        string path = Path.Combine(RunFolder(id), "run.json");
        if (!File.Exists(path)) throw new InvalidDataException($"Run {id:N} is not in the store {Root} ({path} is missing).");
        RunPlan plan = ReadJson<RunPlan>(path);
        string folder = RunFolder(id);
        return plan with { RunFolder = Path.GetFullPath(Path.Combine(folder, plan.RunFolder)), Dataset = Path.GetFullPath(Path.Combine(folder, plan.Dataset)) };
    });

    /// <summary>
    /// <paramref name="path"/> as the plan records it: relative to the plan's folder when both it and the store lie inside
    /// the run folder (the default layout), so a copied or moved run folder reads and writes its own files and never the
    /// original's; absolute otherwise (a shared store, a dataset elsewhere).
    /// </summary>
    private static string RelativeWithin(string planFolder, string path, string runFolder)
    {
        string run = Path.TrimEndingDirectorySeparator(Path.GetFullPath(runFolder));
        bool Inside(string candidate) =>
            Path.GetFullPath(candidate) is var full && (full == run || full.StartsWith(run + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        return Inside(planFolder) && Inside(path) ? Path.GetRelativePath(planFolder, Path.GetFullPath(path)) : Path.GetFullPath(path);
    }

    /// <summary>The path of the run's validation rows.</summary>
    public string ValidationPath(Guid run) => Path.Combine(RunFolder(run), "validation.parquet");

    /// <summary>
    /// Writes the validation rows of <paramref name="run"/> (users × items, columns increasing within a row) as Parquet
    /// (user_index, item_index, plays), atomically; returns the file's CRC-32 for the plan.
    /// </summary>
    public string WriteValidation(Guid run, CsrMatrix validation)
    {
        ArgumentNullException.ThrowIfNull(validation);
        int rows = validation.NonZeros;
        var users = new int[rows];
        var plays = new int[rows];
        for (int user = 0; user < validation.Rows; user++) users.AsSpan(validation.RowPointers[user], validation.RowLength(user)).Fill(user);
        for (int entry = 0; entry < rows; entry++) plays[entry] = checked((int)validation.Values[entry]);
        string path = ValidationPath(run), temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        Directory.CreateDirectory(RunFolder(run));
        using (ParquetTableWriter writer = ParquetTableWriter.Create(temporary,
            [new Parquet.Schema.DataField<int>("user_index", false), new Parquet.Schema.DataField<int>("item_index", false), new Parquet.Schema.DataField<int>("plays", false)]))
            writer.WriteRowGroup(users, validation.ColumnIndices.AsSpan(0, rows).ToArray(), plays);
        string crc = FormatCrc(Crc32.Compute(File.ReadAllBytes(temporary)));
        File.Move(temporary, path, overwrite: true);
        return crc;
    }

    /// <summary>The validation rows of <paramref name="run"/> (users × items), read once per process and checked against the plan's CRC-32, row ranges and order.</summary>
    /// <exception cref="InvalidDataException">The run has no validation set, or its file is missing, changed or damaged (named).</exception>
    public CsrMatrix ReadValidation(Guid run)
    {
        Lazy<CsrMatrix> lazy = _validation.GetOrAdd(run, id => new Lazy<CsrMatrix>(() => LoadValidation(id)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            _validation.TryRemove(KeyValuePair.Create(run, lazy));     // a repaired file is read again next time
            throw;
        }
    }

    private CsrMatrix LoadValidation(Guid run)
    {
        RunPlan plan = ReadPlan(run);
        ValidationPlan validation = plan.Validation ?? throw new InvalidDataException($"Run {run:N} has no validation set.");
        string path = ValidationPath(run);
        if (!File.Exists(path)) throw new InvalidDataException($"{path} is missing: the run's validation rows are gone; start the run again in a new folder.");
        byte[] bytes = File.ReadAllBytes(path);
        string crc = FormatCrc(Crc32.Compute(bytes));
        if (crc != validation.Crc32)
            throw new InvalidDataException($"{path} has CRC-32 {crc}, but the plan recorded {validation.Crc32}: the validation rows changed or are damaged.");
        using ParquetTable table = ParquetTable.Open(bytes, Path.GetFileName(path));
        int[] users = table.ReadInt32("user_index"), items = table.ReadInt32("item_index"), plays = table.ReadInt32("plays");
        var pointers = new int[plan.Users + 1];
        var values = new float[users.Length];
        for (int row = 0; row < users.Length; row++)
        {
            if ((uint)users[row] >= (uint)plan.Users || (uint)items[row] >= (uint)plan.Items || plays[row] <= 0
                || (row > 0 && (users[row] < users[row - 1] || (users[row] == users[row - 1] && items[row] <= items[row - 1]))))
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{path}, row {row}: user_index {users[row]}, item_index {items[row]}, plays {plays[row]} is out of range or out of order."));
            pointers[users[row] + 1]++;
            values[row] = plays[row];
        }
        for (int user = 0; user < plan.Users; user++) pointers[user + 1] += pointers[user];
        return new CsrMatrix(plan.Users, plan.Items, pointers, items, values);
    }

    /// <summary>The coordinator's current attempt for <paramref name="run"/> (0 before any).</summary>
    public int ReadAttempt(Guid run)
    {
        string path = Path.Combine(RunFolder(run), "attempt.json");
        return File.Exists(path) ? ReadJson<AttemptRecord>(path).Attempt : 0;
    }

    /// <summary>Records a new attempt: commands of older attempts are dropped from now on.</summary>
    public void WriteAttempt(Guid run, int attempt) => WriteJson(Path.Combine(RunFolder(run), "attempt.json"), new AttemptRecord(attempt));

    /// <summary>The path of a block file.</summary>
    public string BlockPath(Guid run, int iteration, FactorSide side, int block) =>
        Path.Combine(IterationFolder(run, iteration), SideName(side), string.Create(CultureInfo.InvariantCulture, $"block-{block:D5}.arrow"));

    /// <summary>Writes (atomically) the rows of one block and starts flushing it to disk in the background; returns the file's CRC-32.</summary>
    public string WriteBlock(Guid run, int iteration, FactorSide side, BlockRange block, FactorMatrix rows)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Rows != block.Count)
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Block {block.Block} has {block.Count} rows, {rows.Rows} were given."));
        string path = BlockPath(run, iteration, side, block.Block);
        uint crc = FactorFile.Write(path, new FactorBlockHeader(side, block.Block, block.First, rows.Rows, rows.Factors, iteration), rows.Memory, flushToDisk: false,
            reuse: SparePath(run, side, Path.GetFileName(path)));
        Interlocked.Add(ref _bytesWritten, new FileInfo(path).Length);
        FlushInBackground(path);
        if (_cache is not null)
        {
            _cache[(run, iteration, side, block.Block)] = rows;
            Evict(run, iteration);
        }
        return FormatCrc(crc);
    }

    /// <summary>
    /// A matrix for the rows of <paramref name="block"/>: a block of an older iteration that the cache has let go (so
    /// steady-state training allocates nothing), or a new one.
    /// </summary>
    private FactorMatrix Rent(Guid run, FactorSide side, BlockRange block, int factors)
    {
        if (_spares.TryRemove((run, side, block.Block), out FactorMatrix? spare) && spare.Rows == block.Count && spare.Factors == factors) return spare;
        return new FactorMatrix(block.Count, factors);
    }

    /// <summary>
    /// The rows of one block for a solve that overwrites them (its warm start): the matrix this process holds, which
    /// leaves the cache (a later read of that iteration's block goes to the file, so a failed solve leaves nothing
    /// half-written behind), or else the file read into a matrix of its own. No copy when this process wrote or read the block.
    /// </summary>
    /// <exception cref="FactorFileException">Missing, corrupt, or another block's rows.</exception>
    public FactorMatrix TakeBlock(Guid run, int iteration, FactorSide side, BlockRange block, int factors)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (_cache is not null && _cache.TryRemove((run, iteration, side, block.Block), out FactorMatrix? cached)) return cached;
        FactorMatrix rows = _cache is null ? new FactorMatrix(block.Count, factors) : Rent(run, side, block, factors);
        ReadFile(run, iteration, side, block, rows, firstRow: 0);
        return rows;
    }

    /// <summary>The rows of one block, from memory or disk, checked against the header they must have.</summary>
    /// <exception cref="FactorFileException">Missing, corrupt, or another block's rows.</exception>
    public FactorMatrix ReadBlock(Guid run, int iteration, FactorSide side, BlockRange block, int factors)
    {
        ArgumentNullException.ThrowIfNull(block);
        if (_cache is not null && _cache.TryGetValue((run, iteration, side, block.Block), out FactorMatrix? cached)) return cached;
        FactorMatrix rows = _cache is null ? new FactorMatrix(block.Count, factors) : Rent(run, side, block, factors);
        ReadFile(run, iteration, side, block, rows, firstRow: 0);
        if (_cache is not null)
        {
            _cache[(run, iteration, side, block.Block)] = rows;
            Evict(run, iteration);
        }
        return rows;
    }

    /// <summary>
    /// Copies the rows of one block into rows <c>block.First</c>… of <paramref name="side"/>'s whole matrix
    /// <paramref name="target"/>: from memory when this process holds the block, else straight from its file, without
    /// keeping a copy (a node assembling the fixed side needs the other nodes' blocks only there).
    /// </summary>
    /// <exception cref="FactorFileException">Missing, corrupt, or another block's rows.</exception>
    public void ReadBlockInto(Guid run, int iteration, FactorSide side, BlockRange block, FactorMatrix target)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(target);
        if (_cache is not null && _cache.TryGetValue((run, iteration, side, block.Block), out FactorMatrix? cached))
            cached.Values.CopyTo(target.RowRange(block.First, block.Count));
        else
            ReadFile(run, iteration, side, block, target, block.First);
    }

    /// <summary>Reads a block's file into <paramref name="target"/> from row <paramref name="firstRow"/>, checked against its header and its commit's CRC-32.</summary>
    private void ReadFile(Guid run, int iteration, FactorSide side, BlockRange block, FactorMatrix target, long firstRow)
    {
        string path = BlockPath(run, iteration, side, block.Block);
        if (!File.Exists(path)) throw new FactorFileException(path, "is missing");
        string? recorded = ReadCommit(run, iteration, side) is { } commit && block.Block < commit.BlockCrc32.Count ? commit.BlockCrc32[block.Block] : null;
        uint? expectedCrc = recorded is not null && uint.TryParse(recorded, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint parsed) ? parsed : null;
        var expected = new FactorBlockHeader(side, block.Block, block.First, block.Count, target.Factors, iteration);
        FactorBlockHeader header = FactorFile.ReadInto(path, expected, target, firstRow, expectedCrc, out uint crc, out int bytes);
        if (header != expected) throw new FactorFileException(path, $"holds {header}, expected {expected}");
        if (recorded is not null && recorded != FormatCrc(crc))
            throw new FactorFileException(path, $"CRC-32 {FormatCrc(crc)} differs from {recorded} in its half-step commit");
        Interlocked.Add(ref _bytesRead, bytes);                        // the bytes read, not a second look at the file
    }

    /// <summary>All rows of one side at one iteration, assembled from its blocks.</summary>
    public FactorMatrix ReadSide(Guid run, int iteration, FactorSide side, IReadOnlyList<BlockRange> blocks, int factors)
    {
        ArgumentNullException.ThrowIfNull(blocks);
        int rows = blocks.Sum(block => block.Count);
        var matrix = new FactorMatrix(rows, factors);
        try
        {
            Parallel.ForEach(blocks, block => ReadBlockInto(run, iteration, side, block, matrix));
        }
        catch (AggregateException error)
        {
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();   // the file's own error (named), not a wrapper
        }
        return matrix;
    }

    /// <summary>Writes a half-step commit (after all its blocks are written); it reaches the disk with its checkpoint.</summary>
    public void WriteCommit(Guid run, HalfStepCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        WriteJson(CommitPath(run, commit.Iteration, commit.Side), commit, flushToDisk: false);   // flushed with its checkpoint
        RememberCommit(run, commit);
    }

    /// <summary>A half-step commit with its Gram matrix checked, or null when there is none.</summary>
    /// <exception cref="InvalidDataException">The commit is damaged.</exception>
    public HalfStepCommit? ReadCommit(Guid run, int iteration, FactorSide side)
    {
        if (_commits.TryGetValue((run, iteration, side), out HalfStepCommit? known)) return known;   // every block of a half-step asks
        HalfStepCommit? commit = ReadCommitFile(run, iteration, side);
        if (commit is not null) RememberCommit(run, commit);
        return commit;
    }

    /// <summary>Keeps the commits of the newest two iterations of a run in memory.</summary>
    private void RememberCommit(Guid run, HalfStepCommit commit)
    {
        _commits[(run, commit.Iteration, commit.Side)] = commit;
        foreach (var key in _commits.Keys)
            if (key.Run == run && key.Iteration < commit.Iteration - 1) _commits.TryRemove(key, out _);
    }

    private HalfStepCommit? ReadCommitFile(Guid run, int iteration, FactorSide side)
    {
        string path = CommitPath(run, iteration, side);
        if (!File.Exists(path)) return null;
        HalfStepCommit commit = ReadJson<HalfStepCommit>(path);
        if (GramCrc(commit.Gram) != commit.GramCrc32 || commit.Gram.Length != commit.Factors * commit.Factors)
            throw new InvalidDataException($"{path}: the Gram matrix does not match its checksum: the commit is damaged.");
        return commit;
    }

    /// <summary>The CRC-32 of a Gram matrix's bytes, as commits record it.</summary>
    public static string GramCrc(double[] gram) =>
        FormatCrc(Crc32.Compute(MemoryMarshal.AsBytes(gram.AsSpan())));

    /// <summary>Writes a checkpoint (the iteration is complete), after flushing every block file and both commits of its iteration to disk.</summary>
    /// <exception cref="FactorFileException">A file of the iteration is missing.</exception>
    public void WriteCheckpoint(Guid run, Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        RunPlan plan = ReadPlan(run);
        var paths = plan.UserBlocks.Select(block => BlockPath(run, checkpoint.Iteration, FactorSide.Users, block.Block))
            .Concat(plan.ItemBlocks.Select(block => BlockPath(run, checkpoint.Iteration, FactorSide.Items, block.Block)))
            .Concat([CommitPath(run, checkpoint.Iteration, FactorSide.Users), CommitPath(run, checkpoint.Iteration, FactorSide.Items)]);
        // Blocks flushed in the background since they were written are clean by now: one system call each.
        try
        {
            Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = 4 }, path =>
            {
                FactorFile.Flush(path);
                Interlocked.Increment(ref _filesFlushed);
            });
        }
        catch (AggregateException error)
        {
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();   // the file's own error (named), not a wrapper
        }
        WriteJson(CheckpointPath(run, checkpoint.Iteration), checkpoint);
    }

    /// <summary>Files flushed to disk by <see cref="WriteCheckpoint"/> in this process (background flushes not counted).</summary>
    public long FilesFlushed => Interlocked.Read(ref _filesFlushed);

    /// <summary>
    /// Flushes a block file to disk after the ones queued before it, off the caller's thread; a failure is ignored
    /// here because <see cref="WriteCheckpoint"/> flushes the file again and reports it.
    /// </summary>
    private void FlushInBackground(string path)
    {
        lock (_flushLock)
            _flushTail = _flushTail.ContinueWith(_ =>
            {
                try
                {
                    FactorFile.Flush(path);
                }
                catch (Exception error) when (error is IOException or UnauthorizedAccessException)
                {
                }
            }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
    }

    private long _filesFlushed;
    private readonly Lock _flushLock = new();
    private Task _flushTail = Task.CompletedTask;

    /// <summary>Every checkpoint of <paramref name="run"/>, by iteration.</summary>
    public IReadOnlyList<Checkpoint> ReadCheckpoints(Guid run)
    {
        string folder = RunFolder(run);
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.EnumerateFiles(folder, "checkpoint-*.json").Order(StringComparer.Ordinal).Select(ReadJson<Checkpoint>).OrderBy(c => c.Iteration)];
    }

    /// <summary>
    /// Why the factors of <paramref name="iteration"/> cannot be resumed from (a commit or block missing or failing
    /// its checksum), or null when every file is sound.
    /// </summary>
    public string? CheckIteration(Guid run, int iteration, RunPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach ((FactorSide side, IReadOnlyList<BlockRange> blocks) in new[] { (FactorSide.Users, plan.UserBlocks), (FactorSide.Items, plan.ItemBlocks) })
        {
            HalfStepCommit? commit;
            try
            {
                commit = ReadCommitFile(run, iteration, side);      // the file as it is now, not what this process remembers
            }
            catch (Exception error) when (error is InvalidDataException or JsonException)
            {
                return error.Message;
            }
            if (commit is null) return $"the {SideName(side)} half-step of iteration {iteration} was never committed";
            foreach (BlockRange block in blocks)
            {
                string path = BlockPath(run, iteration, side, block.Block);
                try
                {
                    (FactorBlockHeader header, _) = FactorFile.Read(path, out uint crc);
                    if (header != new FactorBlockHeader(side, block.Block, block.First, block.Count, plan.Options.Factors, iteration))
                        return $"{path} holds {header}";
                    if (FormatCrc(crc) != commit.BlockCrc32[block.Block]) return $"{path} differs from the file its commit recorded";
                }
                catch (FactorFileException error)
                {
                    return error.Message;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Deletes the factor files of one iteration (its commits, blocks and folder); its block files become the run's spares,
    /// which later writes of the same blocks overwrite (see <see cref="WriteBlock"/>). The iteration is gone either way: no
    /// checkpoint refers to it and nothing reads a spare.
    /// </summary>
    public void DeleteIteration(Guid run, int iteration)
    {
        string folder = IterationFolder(run, iteration);
        if (Directory.Exists(folder))
        {
            Directory.CreateDirectory(SpareFolder(run));
            foreach (FactorSide side in (ReadOnlySpan<FactorSide>)[FactorSide.Users, FactorSide.Items])
            {
                string blocks = Path.Combine(folder, SideName(side));
                if (!Directory.Exists(blocks)) continue;
                foreach (string path in Directory.EnumerateFiles(blocks, "block-*.arrow"))        // not the temporary files (".block-…")
                    File.Move(path, SparePath(run, side, Path.GetFileName(path)), overwrite: true);
            }
            Directory.Delete(folder, recursive: true);
        }
        foreach (var key in _commits.Keys.Where(key => key.Run == run && key.Iteration == iteration).ToList()) _commits.TryRemove(key, out _);
        if (_cache is not null)
            foreach (var key in _cache.Keys.Where(key => key.Run == run && key.Iteration == iteration).ToList()) _cache.TryRemove(key, out _);
    }

    /// <summary>Deletes the spare block files of <paramref name="run"/> (when it has ended: no write will take them over).</summary>
    public void DeleteSpares(Guid run)
    {
        string folder = SpareFolder(run);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    /// <summary>The folder of a run's spare block files.</summary>
    private string SpareFolder(Guid run) => Path.Combine(RunFolder(run), "spare");

    /// <summary>Where the spare of one block is kept, by the name of its file in an iteration's folder.</summary>
    private string SparePath(Guid run, FactorSide side, string blockFileName) =>
        Path.Combine(SpareFolder(run), SideName(side) + "-" + blockFileName);

    /// <summary>Iterations that still have a factor folder.</summary>
    public IReadOnlyList<int> StoredIterations(Guid run)
    {
        string folder = RunFolder(run);
        if (!Directory.Exists(folder)) return [];
        return [.. Directory.EnumerateDirectories(folder, "iteration-*").Select(path => int.Parse(Path.GetFileName(path)["iteration-".Length..], CultureInfo.InvariantCulture)).Order()];
    }

    private string IterationFolder(Guid run, int iteration) =>
        Path.Combine(RunFolder(run), string.Create(CultureInfo.InvariantCulture, $"iteration-{iteration:D6}"));

    private string CommitPath(Guid run, int iteration, FactorSide side) => Path.Combine(IterationFolder(run, iteration), SideName(side) + ".commit.json");

    private string CheckpointPath(Guid run, int iteration) =>
        Path.Combine(RunFolder(run), string.Create(CultureInfo.InvariantCulture, $"checkpoint-{iteration:D6}.json"));

    private static string SideName(FactorSide side) => side == FactorSide.Users ? "users" : "items";

    /// <summary>Keeps the cache to the newest two iterations of a run (the fixed side and the side being solved); older blocks become spares for <see cref="Rent"/>.</summary>
    private void Evict(Guid run, int iteration)
    {
        foreach (var key in _cache!.Keys)
            if (key.Run == run && key.Iteration < iteration - 1 && _cache.TryRemove(key, out FactorMatrix? old))
                _spares[(run, key.Side, key.Block)] = old;
    }

    /// <summary>How block and Gram checksums are written in commits and messages: 8 lowercase hex digits.</summary>
    public static string FormatCrc(uint crc) => crc.ToString("x8", CultureInfo.InvariantCulture);

    private static void WriteJson<T>(string path, T value, bool flushToDisk = true)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        string temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
        {
            JsonSerializer.Serialize(stream, value, Json);
            stream.Flush(flushToDisk);
        }
        File.Move(temporary, path, overwrite: true);
    }

    private static T ReadJson<T>(string path) where T : class =>
        JsonFile.Read<T>(path, Json, "the store's files of this run are damaged: start the run again in a new folder, or restore the file");

    private sealed record AttemptRecord(int Attempt);
}
