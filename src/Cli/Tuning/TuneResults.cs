using System.Text.Json;
using System.Text.Json.Serialization;
using Linalg.Als;

namespace Cli.Tuning;

/// <summary>
/// <c>tune.json</c>: every trial of a hyperparameter search with its parameters and validation scores, and the best
/// one with the <c>als train</c> options that reproduce it. The report reads it for its sensitivity section.
/// </summary>
/// <param name="Dataset">The dataset folder searched on.</param>
/// <param name="Seed">Seed of the search (parameter draws, validation carving, initial factors).</param>
/// <param name="At">Ranking cutoff K of the scores (10; JSON <c>at</c>).</param>
/// <param name="ValidationUsers">Users with validation rows carved from train.</param>
/// <param name="ValidationFraction">Share of each of those users' training artists held out.</param>
/// <param name="Strategy">Halving or random search.</param>
/// <param name="Eta">η of halving (1/η of a rung's points go on to the next); 0 for random search.</param>
/// <param name="Space">The grid the points were drawn from.</param>
/// <param name="Trials">Every trial, in the order run; a halving point has one trial per rung it reached.</param>
/// <param name="Best">The trial with the highest precision (ties: higher NDCG, then the earlier trial).</param>
/// <param name="TrainOptions">The <c>als train</c> options of the best trial, ready to paste.</param>
internal sealed record TuneResults(string Dataset, ulong Seed, int At, int ValidationUsers, double ValidationFraction, TuneStrategy Strategy, int Eta,
    SearchSpace? Space, IReadOnlyList<TuneTrial> Trials, TuneTrial Best, string TrainOptions)
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "tune.json";

    /// <summary>snake_case, indented, modes as words ("log", "halving"): read by people and by pandas alike.</summary>
    public static JsonSerializerOptions Format { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It is not a tune file or holds no trial.</exception>
    public static TuneResults Read(string path)
    {
        TuneResults? results;
        try
        {
            results = JsonSerializer.Deserialize<TuneResults>(File.ReadAllText(path), Format);
        }
        catch (JsonException problem)
        {
            throw new InvalidDataException($"{path}: not a tune file ({problem.Message}).", problem);
        }
        if (results?.Trials is not { Count: > 0 } || results.Best is null) throw new InvalidDataException($"{path}: holds no trial.");
        return results;
    }

    /// <summary>Writes the file to <paramref name="path"/> (temporary name, then rename).</summary>
    public void Write(string path)
    {
        File.WriteAllText(path + ".tmp", JsonSerializer.Serialize(this, Format) + "\n");
        File.Move(path + ".tmp", path, overwrite: true);
    }
}

/// <summary>One trial: its parameters and its scores on the validation users.</summary>
/// <param name="Trial">1-based trial number, in the order run.</param>
/// <param name="Point">1-based number of the point among those drawn: a halving point keeps it across rungs.</param>
/// <param name="Rung">0-based halving rung (0 for random search).</param>
/// <param name="Confidence">Confidence mode.</param>
/// <param name="Factors">k.</param>
/// <param name="Regularization">λ.</param>
/// <param name="Alpha">α.</param>
/// <param name="Epsilon">ε (read by the log mode only).</param>
/// <param name="Iterations">ALS iterations trained when scored.</param>
/// <param name="Precision">Precision@K on validation.</param>
/// <param name="Ndcg">NDCG@K on validation.</param>
/// <param name="Seconds">Wall time of this trial's training (for a halving rung, only the iterations it added) and scoring.</param>
internal sealed record TuneTrial(int Trial, int Point, int Rung, ConfidenceMode Confidence, int Factors, float Regularization, float Alpha, float Epsilon,
    int Iterations, double Precision, double Ndcg, double Seconds);
