using Linalg.Ranking;
using Linalg.Sparse;

namespace Linalg.Evaluation;

/// <summary>
/// Anything that ranks items for users with their training items left out: ALS factors, the popularity baseline,
/// item-KNN. <see cref="RankingEvaluator.Evaluate"/> scores every model through this one door, on the same users.
/// </summary>
public interface ITopKRecommender
{
    /// <summary>
    /// The best <paramref name="count"/> items for each of <paramref name="users"/>, best first, never an item of the user's
    /// row of <paramref name="train"/>; ties go to the lower item index (so a top-K list is the prefix of a longer one).
    /// </summary>
    TopKResult Recommend(ReadOnlySpan<int> users, CsrMatrix train, int count, int threads);
}
