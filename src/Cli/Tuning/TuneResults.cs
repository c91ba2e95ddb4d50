using System.Text.Json;

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
/// <param name="Trials">Every trial, in the order run.</param>
/// <param name="Best">The trial with the highest precision (ties: the earlier trial).</param>
/// <param name="TrainOptions">The <c>als train</c> options of the best trial, ready to paste.</param>
internal sealed record TuneResults(string Dataset, ulong Seed, int At, int ValidationUsers, double ValidationFraction,
    IReadOnlyList<TuneTrial> Trials, TuneTrial Best, string TrainOptions)
{
    /// <summary>The file name in the output folder.</summary>
    public const string FileName = "tune.json";

    /// <summary>snake_case, indented: read by people and by pandas alike.</summary>
    public static JsonSerializerOptions Format { get; } = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

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
/// <param name="Factors">k.</param>
/// <param name="Regularization">λ.</param>
/// <param name="Iterations">ALS iterations.</param>
/// <param name="Alpha">α (linear confidence).</param>
/// <param name="Precision">Precision@K on validation.</param>
/// <param name="Ndcg">NDCG@K on validation.</param>
/// <param name="Seconds">Wall time of training and scoring.</param>
internal sealed record TuneTrial(int Trial, int Factors, float Regularization, int Iterations, float Alpha, double Precision, double Ndcg, double Seconds);
