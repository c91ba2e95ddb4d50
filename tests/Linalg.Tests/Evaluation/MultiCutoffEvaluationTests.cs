using Linalg.Dense;
using Linalg.Evaluation;
using Linalg.Ranking;
using Linalg.Sparse;

namespace Linalg.Tests.Evaluation;

/// <summary>One top-K list at the largest cutoff, cut to each shorter one, gives the same numbers as evaluating each cutoff alone.</summary>
public sealed class MultiCutoffEvaluationTests
{
    [Fact]
    public void Factor_model_and_popularity_match_the_single_cutoff_evaluator_at_every_cutoff()
    {
        var random = new Random(3);
        CsrMatrix train = RandomProblem.Block(random, 300, 120, 0.08, allowEmptyRows: false);
        CsrMatrix test = RandomProblem.Block(random, 300, 120, 0.03);
        FactorMatrix users = RandomProblem.Factors(random, 300, 16), items = RandomProblem.Factors(random, 120, 16);
        int[] sample = RankingEvaluator.SampleUsers(test, 200, 9);
        int[] cutoffs = [1, 5, 10, 20];

        RankingMetrics[] model = RankingEvaluator.Evaluate(new FactorRecommender(users, items), train, test, sample, cutoffs, threads: 2);
        RankingMetrics[] popularity = RankingEvaluator.Evaluate(new PopularityBaseline(train), train, test, sample, cutoffs, threads: 2);

        for (int c = 0; c < cutoffs.Length; c++)
        {
            Assert.Equal(RankingEvaluator.EvaluateModel(users, items, train, test, sample, cutoffs[c], threads: 1), model[c]);
            Assert.Equal(RankingEvaluator.EvaluatePopularity(train, test, sample, cutoffs[c]), popularity[c]);
        }
        Assert.NotEqual(model[1], popularity[1]);
    }
}
