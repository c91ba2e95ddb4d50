using System.Globalization;
using System.Numerics.Tensors;
using Data.Datasets;
using Linalg.Als;
using Linalg.Dense;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Data.Models;

/// <summary>
/// A trained model as a library: load a run folder once, then recommend, find similar artists, explain a score and fold
/// in a new listener without reloading. The <c>recommend</c>, <c>similar</c>, <c>explain</c> and <c>fold-in</c>
/// commands are thin shells around it.
/// <code>
///   TrainedModel model = TrainedModel.Load("runs/my-run");
///   int user = model.Lookup.FindUser("00000c289a1829a808ac09c00daf10bc3c4e223b") ?? throw ...;
///   IReadOnlyList&lt;ArtistScore&gt; top = model.Recommend(user, 10);
///   int artist = model.Lookup.FindArtist("radiohead") ?? throw ...;      // a name or an MBID
///   IReadOnlyList&lt;ArtistScore&gt; similar = model.SimilarArtists(artist, 10);
/// </code>
/// </summary>
/// <remarks>
/// Scores are xᵤ·yᵢ (Hu, Koren, Volinsky 2008); "already listened" means the user's training rows, read from the
/// prepared dataset the model names (or the one given to <see cref="Load"/>) on first use. The item factors' packed
/// scorer, the cosine index and YᵀY are built on first use too, once. Every member is safe to call from several threads.
/// </remarks>
public sealed class TrainedModel
{
    /// <summary>
    /// Largest relative gap between the sum of an explanation's terms and the fresh score that still counts as equal: both
    /// are exact solves in double precision, but the fresh factor is rounded to float32 like every stored factor (~1e-7).
    /// </summary>
    public const double ExplanationTolerance = 1e-4;

    private readonly string? _datasetFolder;
    private readonly Lazy<(PreparedDataset Dataset, string? Warning)> _dataset;
    private readonly Lazy<CsrMatrix> _train;
    private readonly Lazy<ItemScorer> _scorer;
    private readonly Lazy<SimilarItems> _similar;
    private readonly Lazy<double[]> _gram;

    private TrainedModel(SavedModel saved, string? datasetFolder)
    {
        Saved = saved;
        Lookup = new ModelLookup(saved);
        _datasetFolder = datasetFolder;
        // Publication-only: a dataset that cannot be opened now (missing, moved) is tried again on the next call, not cached as a failure.
        _dataset = new(() => (ModelDataset.Open(Saved, _datasetFolder, out string? warning), warning), LazyThreadSafetyMode.PublicationOnly);
        _train = new(() => Dataset.LoadTrain(), LazyThreadSafetyMode.PublicationOnly);
        _scorer = new(() => new ItemScorer(ItemFactors));
        _similar = new(() => new SimilarItems(ItemFactors));
        _gram = new(() => GramMatrix.Compute(ItemFactors, Environment.ProcessorCount));
    }

    /// <summary>Loads the model of <paramref name="runFolder"/> (RUNDIR, holding <c>model/</c>).</summary>
    /// <param name="runFolder">A run folder written by <c>als train</c>.</param>
    /// <param name="datasetFolder">The prepared dataset with the users' training rows (null: the one model.json names).</param>
    /// <exception cref="InvalidDataException">The folder holds no model, or its files disagree.</exception>
    /// <exception cref="Factors.FactorFileException">A factor file is corrupt.</exception>
    public static TrainedModel Load(string runFolder, string? datasetFolder = null) => new(ModelStore.Load(runFolder), datasetFolder);

    /// <summary>Wraps a model already loaded.</summary>
    /// <param name="saved">The model, as <see cref="ModelStore.Load"/> returns it.</param>
    /// <param name="datasetFolder">The prepared dataset with the users' training rows (null: the one model.json names).</param>
    public static TrainedModel From(SavedModel saved, string? datasetFolder = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        return new(saved, datasetFolder);
    }

    /// <summary>The factors, parameters and id maps.</summary>
    public SavedModel Saved { get; }

    /// <summary>Finds users and artists by what a person types (ids, indices, names, MBIDs).</summary>
    public ModelLookup Lookup { get; }

    /// <summary>Users of the model.</summary>
    public int Users => Saved.UserIds.Length;

    /// <summary>Artists of the model.</summary>
    public int Artists => Saved.ArtistNames.Length;

    private FactorMatrix ItemFactors => Saved.Model.ItemFactors;

    /// <summary>The prepared dataset of the users' training rows (opened on first use).</summary>
    /// <exception cref="InvalidDataException">The dataset is missing or does not have the model's users and artists.</exception>
    public PreparedDataset Dataset => _dataset.Value.Dataset;

    /// <summary>Set when the dataset's manifest changed since training (the model may be stale); null otherwise.</summary>
    public string? DatasetWarning => _dataset.Value.Warning;

    /// <summary>The training artists (increasing) and play counts of <paramref name="user"/>.</summary>
    /// <param name="user">The user's index.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such user.</exception>
    /// <exception cref="InvalidDataException">The dataset is missing or does not have the model's users and artists.</exception>
    public (int[] Items, float[] Plays) History(int user)
    {
        CheckUser(user);
        if (_train.IsValueCreated) return (_train.Value.RowColumns(user).ToArray(), _train.Value.RowValues(user).ToArray());
        return ModelDataset.LoadUserTrain(Dataset, user);                     // one user block, not the whole matrix
    }

    /// <summary>
    /// The best <paramref name="count"/> artists for <paramref name="user"/> by xᵤ·yᵢ (ties: the lower index first).
    /// </summary>
    /// <param name="user">The user's index.</param>
    /// <param name="count">How many (fewer when candidates run out).</param>
    /// <param name="filterAlreadyListened">Leave out the user's training artists.</param>
    /// <param name="candidates">Rank only these artists (item indices, any order, repeats ignored); null: every artist.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such user, a candidate that is no artist, or <paramref name="count"/> &lt; 1.</exception>
    public IReadOnlyList<ArtistScore> Recommend(int user, int count, bool filterAlreadyListened = true, IReadOnlyCollection<int>? candidates = null)
    {
        CheckUser(user);
        int[] excluded = filterAlreadyListened ? History(user).Items : [];
        return RecommendFor(Saved.Model.UserFactors.Row(user).ToArray(), excluded, count, candidates);
    }

    /// <summary>
    /// <see cref="Recommend"/> for many users at once. Without candidates it goes through the batched top-K kernel (the
    /// training rows are read once, whole); with candidates each user's list ranks only those artists, as
    /// <see cref="Recommend"/> does. The lists are in the order of <paramref name="users"/> (a user given twice gets its
    /// list twice).
    /// </summary>
    /// <param name="users">The users' indices.</param>
    /// <param name="count">How many artists per user (fewer when candidates run out).</param>
    /// <param name="filterAlreadyListened">Leave out each user's training artists.</param>
    /// <param name="candidates">Rank only these artists (item indices, any order, repeats ignored); null: every artist.</param>
    /// <exception cref="ArgumentOutOfRangeException">A user is out of range, a candidate is no artist, or <paramref name="count"/> &lt; 1.</exception>
    public IReadOnlyList<IReadOnlyList<ArtistScore>> RecommendBatch(IReadOnlyList<int> users, int count, bool filterAlreadyListened = true,
        IReadOnlyCollection<int>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        foreach (int user in users) CheckUser(user);
        if (candidates is not null)
        {
            int[] distinct = DistinctCandidates(candidates);
            CsrMatrix? train = filterAlreadyListened ? _train.Value : null;
            return [.. users.Select(user => (IReadOnlyList<ArtistScore>)RankCandidates(Saved.Model.UserFactors.Row(user),
                train is null ? [] : train.RowColumns(user), count, distinct))];
        }
        int[] queries = [.. users];
        TopKResult top = TopK.Recommend(Saved.Model.UserFactors, queries, _scorer.Value, filterAlreadyListened ? _train.Value : null, count,
            Environment.ProcessorCount);
        return [.. Enumerable.Range(0, queries.Length).Select(query => Describe(top, query))];
    }

    /// <summary>
    /// Builds now what the members otherwise build on first use: the training rows of every user (whole, so
    /// <see cref="History"/> no longer reads a block file per call), the packed scorer, the cosine index and YᵀY. A
    /// long-running service calls it once at start, so no request pays for it.
    /// </summary>
    /// <exception cref="InvalidDataException">The dataset is missing or does not have the model's users and artists.</exception>
    public void Preload()
    {
        _ = _train.Value;
        _ = _scorer.Value;
        _ = _similar.Value;
        _ = _gram.Value;
    }

    /// <summary>The <paramref name="count"/> artists whose factors have the largest cosine with <paramref name="item"/>'s (itself left out).</summary>
    /// <param name="item">The artist's index.</param>
    /// <param name="count">How many.</param>
    /// <exception cref="ArgumentOutOfRangeException">No such artist, or <paramref name="count"/> &lt; 1.</exception>
    public IReadOnlyList<ArtistScore> SimilarArtists(int item, int count)
    {
        CheckArtist(item);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        return Describe(_similar.Value.Find([item], count, threads: 1), 0);
    }

    /// <summary>
    /// Which of <paramref name="user"/>'s artists make up its score of <paramref name="item"/>, the
    /// <paramref name="count"/> largest terms first. The decomposition holds for the user's factor solved exactly
    /// against the final item factors, so it is solved afresh (the half-step's row solver, Cholesky) and checked to add
    /// up to that score (<see cref="ExplainedScore.Consistent"/>).
    /// </summary>
    /// <param name="user">The user's index.</param>
    /// <param name="item">The artist explained.</param>
    /// <param name="count">How many contributing artists to list (0: only the sums).</param>
    /// <exception cref="ArgumentOutOfRangeException">No such user or artist, or <paramref name="count"/> &lt; 0.</exception>
    public ExplainedScore Explain(int user, int item, int count)
    {
        CheckUser(user);
        CheckArtist(item);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        (int[] items, float[] plays) = History(user);
        AlsOptions exact = ExactOptions;
        var contributions = new double[items.Length];
        double total = ScoreExplanation.Explain(items, plays, item, ItemFactors, _gram.Value, exact, contributions);
        var confidence = new float[items.Length];
        Confidence.ComputeUserRow(items, plays, exact, confidence);                     // what each contribution was weighed with

        var fresh = new float[ItemFactors.Factors];
        HalfStep.SolveRow(items, plays, ItemFactors, _gram.Value, exact, fresh);        // the same row solve training uses, done exactly
        double freshScore = TensorPrimitives.Dot(fresh, ItemFactors.Row(item));
        double storedScore = TensorPrimitives.Dot(Saved.Model.UserFactors.Row(user), ItemFactors.Row(item));
        bool consistent = Math.Abs(total - freshScore) <= ExplanationTolerance * Math.Max(1, Math.Abs(freshScore));

        int[] order = [.. Enumerable.Range(0, items.Length).OrderByDescending(j => contributions[j]).ThenBy(j => items[j])];
        List<ArtistContribution> top = [.. order.Take(count).Select(j => new ArtistContribution(items[j], Saved.ArtistNames[items[j]], Mbid(items[j]),
            plays[j], confidence[j], contributions[j] / confidence[j], contributions[j]))];
        double rest = order.Skip(count).Sum(j => contributions[j]);
        return new ExplainedScore(user, Saved.UserIds[user], item, Saved.ArtistNames[item], Mbid(item), Array.BinarySearch(items, item) >= 0,
            items.Length, total, freshScore, storedScore, consistent, top, rest);
    }

    /// <summary>
    /// A listener the model has never seen: xᵤ = (YᵀCᵤY + λI)⁻¹YᵀCᵤp(u) by one exact row solve against the fixed item
    /// factors with the model's confidence, α and λ (no retraining), then its top <paramref name="count"/> artists, its
    /// own artists left out.
    /// </summary>
    /// <param name="plays">Play counts by item index (each artist once, counts ≥ 1).</param>
    /// <param name="count">How many recommendations.</param>
    /// <exception cref="ArgumentException">No artist, an artist twice, or a count below 1.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An item index that is no artist, or <paramref name="count"/> &lt; 1.</exception>
    public FoldedInListener FoldIn(IEnumerable<KeyValuePair<int, float>> plays, int count)
    {
        ArgumentNullException.ThrowIfNull(plays);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        KeyValuePair<int, float>[] rows = [.. plays.OrderBy(pair => pair.Key)];
        if (rows.Length == 0) throw new ArgumentException("A fold-in needs at least one artist with plays.", nameof(plays));
        for (int r = 0; r < rows.Length; r++)
        {
            CheckArtist(rows[r].Key);
            if (r > 0 && rows[r].Key == rows[r - 1].Key)
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Artist {rows[r].Key} is given twice; add its plays up."), nameof(plays));
            if (!(rows[r].Value >= 1) || float.IsInfinity(rows[r].Value))
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Artist {rows[r].Key} has {rows[r].Value} plays; a count is at least 1."), nameof(plays));
        }
        int[] items = [.. rows.Select(pair => pair.Key)];
        float[] counts = [.. rows.Select(pair => pair.Value)];
        var row = new float[ItemFactors.Factors];
        HalfStep.SolveRow(items, counts, ItemFactors, _gram.Value, ExactOptions, row);
        return new FoldedInListener(row, RecommendFor(row, items, count, candidates: null));
    }

    /// <summary>
    /// <see cref="FoldIn(IEnumerable{KeyValuePair{int, float}}, int)"/> for plays resolved by name or MBID: a file read by
    /// <see cref="ListeningHistory.Read"/>, or pairs given to <see cref="ListeningHistory.Resolve"/>.
    /// </summary>
    /// <param name="history">The listener's known artists and plays (its unknown artists play no part).</param>
    /// <param name="count">How many recommendations.</param>
    /// <exception cref="ArgumentException">The history has no known artist.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> &lt; 1.</exception>
    public FoldedInListener FoldIn(ListeningHistory history, int count)
    {
        ArgumentNullException.ThrowIfNull(history);
        return FoldIn(history.Items.Select((item, index) => KeyValuePair.Create(item, history.Plays[index])), count);
    }

    /// <summary>
    /// The model's options for an exact single-row solve: Cholesky (a fold-in or explanation has no warm start for a few
    /// CG steps to refine, and one k × k factorisation costs nothing here), one thread.
    /// </summary>
    private AlsOptions ExactOptions => Saved.Model.Options with { Solver = AlsSolver.Cholesky, Threads = 1 };

    /// <summary>The best <paramref name="count"/> artists for a factor row, <paramref name="excluded"/> (increasing) left out.</summary>
    private List<ArtistScore> RecommendFor(float[] row, int[] excluded, int count, IReadOnlyCollection<int>? candidates)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (candidates is null)
        {
            var query = new FactorMatrix(1, ItemFactors.Factors, row);
            var exclusions = new CsrMatrix(1, ItemFactors.Rows, [0, excluded.Length], excluded, new float[excluded.Length]);
            return Describe(TopK.Recommend(query, [0], _scorer.Value, exclusions, count, threads: 1), 0);
        }
        return RankCandidates(row, excluded, count, DistinctCandidates(candidates));
    }

    /// <summary>The candidates, each once, in first-seen order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A candidate is no artist.</exception>
    private int[] DistinctCandidates(IReadOnlyCollection<int> candidates)
    {
        foreach (int candidate in candidates) CheckArtist(candidate);
        return [.. candidates.Distinct()];
    }

    /// <summary>
    /// The best <paramref name="count"/> of <paramref name="candidates"/> (distinct) for a factor row, <paramref name="excluded"/>
    /// (increasing) left out. A candidate list is short: each is scored by a plain dot product, then ranked as the top-K kernel
    /// ranks (ties: the lower index first).
    /// </summary>
    private List<ArtistScore> RankCandidates(ReadOnlySpan<float> row, ReadOnlySpan<int> excluded, int count, int[] candidates)
    {
        var scored = new List<(int Item, float Score)>(candidates.Length);
        foreach (int item in candidates)
            if (excluded.BinarySearch(item) < 0) scored.Add((item, TensorPrimitives.Dot(row, ItemFactors.Row(item))));
        return [.. scored.OrderByDescending(entry => entry.Score).ThenBy(entry => entry.Item).Take(count)
            .Select((entry, slot) => new ArtistScore(slot + 1, entry.Item, Saved.ArtistNames[entry.Item], Mbid(entry.Item), entry.Score))];
    }

    /// <summary>The list of query <paramref name="query"/> of a top-K result (padding slots dropped).</summary>
    private List<ArtistScore> Describe(TopKResult top, int query)
    {
        var rows = new List<ArtistScore>();
        ReadOnlySpan<int> items = top.ItemsOf(query);
        ReadOnlySpan<float> scores = top.ScoresOf(query);
        for (int slot = 0; slot < items.Length && items[slot] >= 0; slot++)
            rows.Add(new ArtistScore(slot + 1, items[slot], Saved.ArtistNames[items[slot]], Mbid(items[slot]), scores[slot]));
        return rows;
    }

    /// <summary>An artist's MBID ("" when it has none).</summary>
    /// <param name="item">The artist's index.</param>
    /// <exception cref="IndexOutOfRangeException">No such artist.</exception>
    public string Mbid(int item) => Saved.ArtistMbids[item] ?? "";

    private void CheckUser(int user)
    {
        if ((uint)user >= (uint)Users)
            throw new ArgumentOutOfRangeException(nameof(user), user, string.Create(CultureInfo.InvariantCulture, $"The model has users 0 to {Users - 1}."));
    }

    private void CheckArtist(int item)
    {
        if ((uint)item >= (uint)Artists)
            throw new ArgumentOutOfRangeException(nameof(item), item, string.Create(CultureInfo.InvariantCulture, $"The model has artists 0 to {Artists - 1}."));
    }
}
