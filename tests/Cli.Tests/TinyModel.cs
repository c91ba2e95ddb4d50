using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Data.Datasets;
using Data.Interactions;
using Data.Models;
using Data.Runs;
using Linalg.Als;
using Linalg.Sparse;
using Linalg.Training;

namespace Cli.Tests;

/// <summary>
/// A dataset small enough for dense brute force in the tests (60 users × 40 artists, every user with 8–15 artists),
/// prepared and trained once per test class: the model commands run on it and the tests recompute their answers
/// with plain loops and MathNet.Numerics.
/// </summary>
public sealed class TinyModel : IDisposable
{
    public const int Users = 60, Artists = 40;

    /// <summary>Training parameters: small k, linear confidence with α = 0.5 (plays go to 200), λ = 0.5.</summary>
    public static readonly AlsOptions Options = new() { Factors = 8, Iterations = 4, Alpha = 0.5f, Regularization = 0.5f, Threads = 2 };

    private readonly TemporaryDirectory _folder = new();

    public TinyModel()
    {
        var random = new Random(7);
        var lines = new StringBuilder();
        for (int user = 0; user < Users; user++)
        {
            string sha1 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("user " + user.ToString(CultureInfo.InvariantCulture))))[..40];   // shaped like a Last.fm user_sha1
            int count = 8 + random.Next(8);
            foreach (int artist in Enumerable.Range(0, Artists).OrderBy(_ => random.Next()).Take(count))
                lines.Append(CultureInfo.InvariantCulture, $"{sha1}\t{Mbid(artist)}\t{Name(artist)}\t{1 + random.Next(200)}\n");
        }
        File.WriteAllText(_folder.File("plays.tsv"), lines.ToString());
        Dataset = _folder.File("dataset");
        Run = _folder.File("run");
        DatasetPreparer.Prepare(new PrepareOptions { Input = _folder.File("plays.tsv"), Output = Dataset, Filter = new FilterOptions(1, 1), UserBlocks = 2, ItemBlocks = 2 });
        PreparedDataset dataset = PreparedDataset.Open(Dataset);
        Train = dataset.LoadTrain();
        Test = dataset.LoadTest();
        ModelStore.Save(Run, new ImplicitAlsTrainer(Options).Fit(Train), Options.Iterations, dataset);
        Model = ModelStore.Load(Run);
    }

    /// <summary>The dataset folder.</summary>
    public string Dataset { get; }

    /// <summary>The run folder holding model/.</summary>
    public string Run { get; }

    public SavedModel Model { get; }

    public CsrMatrix Train { get; }

    public CsrMatrix Test { get; }

    /// <summary>A fresh folder for a test's own files.</summary>
    public string NewFolder()
    {
        string path = _folder.File("t-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>A private copy of the run folder (with a one-line metrics.jsonl, as train writes) and of its dataset, in a fresh folder.</summary>
    public (string Run, string Dataset) Copy()
    {
        string folder = NewFolder();
        string run = Path.Combine(folder, "run"), dataset = Path.Combine(folder, "dataset");
        CopyFolder(Run, run);
        CopyFolder(Dataset, dataset);
        RunDirectory.Open(run).AppendMetrics(new IterationMetrics(1, 0.5, 12.5, 0.1, 0.1, 0.1, 0.1, 0.5, 0.3, 10, 60));
        return (run, dataset);
    }

    /// <summary>Copies a folder tree.</summary>
    public static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string directory in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, directory)));
        foreach (string file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>Artist names: one with a diacritic, the rest numbered.</summary>
    public static string Name(int artist) => artist == 0 ? "Björk" : artist == 1 ? "The Beatles" : $"Artist {artist}";

    /// <summary>Every fourth artist has no MBID (identified by name); the others a fixed GUID.</summary>
    public static string Mbid(int artist) => artist % 4 == 3 ? "" : new Guid(artist + 1, 2, 3, [4, 5, 6, 7, 8, 9, 10, 11]).ToString();

    /// <summary>The model's item index of input artist <paramref name="artist"/>.</summary>
    public int Item(int artist) => Array.IndexOf(Model.ArtistNames, Name(artist));

    public void Dispose() => _folder.Dispose();
}
