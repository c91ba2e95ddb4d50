namespace Data.Store;

/// <summary>
/// What a run asks of its validation set: how many users give rows to it and what share of their training artists, and
/// what the run does with the per-iteration validation score (keep the best iteration, stop when it stops improving).
/// </summary>
/// <param name="Users">Users whose training artists are sampled for validation (0: every eligible user).</param>
/// <param name="Fraction">Share of a sampled user's training artists moved to validation, in (0, 1).</param>
/// <param name="KeepBest">The final model is the checkpoint with the best validation NDCG, not the last iteration.</param>
/// <param name="EarlyStopping">Stop after this many iterations without a better validation NDCG (null: run every iteration).</param>
public sealed record ValidationOptions(int Users, double Fraction, bool KeepBest, int? EarlyStopping)
{
    /// <summary>The cutoff of the validation metrics that choose the iteration: NDCG@10, as <c>tune</c> scores its trials.</summary>
    public const int Cutoff = 10;

    /// <summary>Checks the values; the messages name the command-line options.</summary>
    /// <exception cref="ArgumentException">A value is out of range.</exception>
    public void Validate()
    {
        if (Users < 0) throw new ArgumentException($"--validation-users must be all or a positive number of users, not {Users}.");
        if (!(Fraction > 0 && Fraction < 1)) throw new ArgumentException($"--validation-fraction must be between 0 and 1 (both excluded), not {Fraction}.");
        if (EarlyStopping is < 1) throw new ArgumentException($"--early-stopping must be at least 1 iteration without improvement, not {EarlyStopping}.");
    }
}
