namespace Cli.Runs;

/// <summary>How a training run evaluates itself after every iteration.</summary>
/// <param name="Cutoff">K of the ranking metrics.</param>
/// <param name="EvalUsers">Size of the seeded sample of test users (<see cref="Linalg.Evaluation.RankingEvaluator.AllUsers"/>: all of them; <see cref="Linalg.Evaluation.RankingEvaluator.NoUsers"/>: none, evaluation off).</param>
/// <param name="Seed">Seed of the sample.</param>
internal sealed record EvaluationSettings(int Cutoff, int EvalUsers, ulong Seed);
