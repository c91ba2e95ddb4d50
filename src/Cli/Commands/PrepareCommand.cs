using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Cli.Diagnostics;
using Cli.Options;
using Cli.Progress;
using Data.Datasets;
using Data.Import;
using Data.Interactions;
using Spectre.Console;

namespace Cli.Commands;

/// <summary>
/// <c>als prepare</c>: turns a Last.fm 360K TSV (or HetRec, or Parquet) file into the Parquet-partitioned dataset
/// that training reads, with every dropped row accounted for.
/// </summary>
internal static class PrepareCommand
{
    public static Command Create(IAnsiConsole console)
    {
        var input = new Option<FileInfo>("--input") { Description = "The input file (user_artists.dat for hetrec).", Required = true };
        var output = new Option<DirectoryInfo>("--out") { Description = "The dataset folder to write (empty, or use --overwrite).", Required = true };
        var format = new Option<string>("--format") { Description = "lastfm360k (TSV: user_sha1, artist_mbid, artist_name, plays), hetrec or parquet.", DefaultValueFactory = _ => "lastfm360k" };
        AlsOptionSet.AcceptChoices(format, "lastfm360k", "hetrec", "parquet");
        var artists = new Option<FileInfo?>("--artists") { Description = "hetrec: artists.dat with the artist names." };
        var userColumn = new Option<string>("--user-column") { Description = "parquet: the user id column.", DefaultValueFactory = _ => "user" };
        var itemColumn = new Option<string>("--item-column") { Description = "parquet: the artist id column.", DefaultValueFactory = _ => "artist" };
        var playsColumn = new Option<string>("--plays-column") { Description = "parquet: the play count column.", DefaultValueFactory = _ => "plays" };
        var nameColumn = new Option<string?>("--name-column") { Description = "parquet: the artist name column (optional)." };
        var minUserItems = new Option<int>("--min-user-items") { Description = "Keep users with at least this many distinct artists.", DefaultValueFactory = _ => FilterOptions.DefaultMinUserItems };
        var minItemUsers = new Option<int>("--min-item-users") { Description = "Keep artists with at least this many listeners.", DefaultValueFactory = _ => FilterOptions.DefaultMinItemUsers };
        var filterOrder = new Option<string>("--filter-order") { Description = "users-first (as the seeds) or items-first.", DefaultValueFactory = _ => "users-first" };
        AlsOptionSet.AcceptChoices(filterOrder, "users-first", "items-first");
        var filterPasses = new Option<int>("--filter-passes") { Description = "Passes of both filters; 0 repeats until nothing changes.", DefaultValueFactory = _ => 1 };
        var topUsers = new Option<int>("--top-users") { Description = "Keep only the N most active users (most distinct artists) before filtering; 0 keeps all.", DefaultValueFactory = _ => 0 };
        var testFraction = new Option<double>("--test-fraction") { Description = "Share of each eligible user's artists held out for testing.", DefaultValueFactory = _ => HoldoutSplit.DefaultTestFraction };
        var seed = new Option<ulong>("--seed") { Description = "Split seed.", DefaultValueFactory = _ => Datasets.DatasetDefaults.Seed };
        var userBlocks = new Option<int?>("--user-blocks") { Description = "User blocks (default: one per ~1M rows, made even)." };
        var itemBlocks = new Option<int?>("--item-blocks") { Description = "Item blocks (default: one per ~1M rows, made even)." };
        var maxRejects = new Option<double>("--max-reject-fraction") { Description = "Fail when more than this share of input rows is rejected.", DefaultValueFactory = _ => 0.001 };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace a dataset already in --out." };
        var threads = new Option<int>("--threads") { Description = "Threads for parsing, the split and writing (default: all cores); the dataset is the same for any count.", DefaultValueFactory = _ => Environment.ProcessorCount };
        foreach (Option<int> option in new[] { minUserItems, minItemUsers, filterPasses, topUsers }) AlsOptionSet.AddRange(option, 0, int.MaxValue);
        AlsOptionSet.AddRange(threads, 1, 4096);
        testFraction.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && double.TryParse(result.Tokens[^1].Value, CultureInfo.InvariantCulture, out double value) && !(value >= 0 && value < 1))
                result.AddError("--test-fraction must be in [0, 1).");
        });
        var command = new Command("prepare", "Read a Last.fm 360K TSV (or HetRec, or Parquet) file and write the Parquet-partitioned training dataset.")
        {
            input, output, format, artists, userColumn, itemColumn, playsColumn, nameColumn, minUserItems, minItemUsers, filterOrder, filterPasses,
            topUsers, testFraction, seed, userBlocks, itemBlocks, maxRejects, overwrite, threads,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            var options = new PrepareOptions
            {
                Input = parse.GetRequiredValue(input).FullName,
                Output = parse.GetRequiredValue(output).FullName,
                Format = parse.GetValue(format) switch { "hetrec" => InputFormat.Hetrec, "parquet" => InputFormat.Parquet, _ => InputFormat.LastFm360K },
                ArtistsFile = parse.GetValue(artists)?.FullName,
                ParquetColumns = new ParquetColumnsOptions(parse.GetRequiredValue(userColumn), parse.GetRequiredValue(itemColumn), parse.GetRequiredValue(playsColumn), parse.GetValue(nameColumn)),
                Filter = new FilterOptions(parse.GetValue(minUserItems), parse.GetValue(minItemUsers), parse.GetValue(filterOrder) == "items-first",
                    parse.GetValue(filterPasses), parse.GetValue(topUsers)),
                TestFraction = parse.GetValue(testFraction),
                Seed = parse.GetValue(seed),
                UserBlocks = parse.GetValue(userBlocks),
                ItemBlocks = parse.GetValue(itemBlocks),
                MaxRejectFraction = parse.GetValue(maxRejects),
                Overwrite = parse.GetValue(overwrite),
                Threads = parse.GetValue(threads),
            };
            return Task.FromResult(Run(console, options, cancellationToken));
        });
        return command;
    }

    /// <summary>Checks the command line's files, prepares, prints the accounting; returns the exit code.</summary>
    internal static int Run(IAnsiConsole console, PrepareOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        DatasetManifest manifest = ProgressReporter.Run(console, "prepare", progress => DatasetPreparer.Prepare(options, progress, cancellationToken));
        WriteSummary(console, manifest, clock.Elapsed);
        return ExitCodes.Success;
    }

    private static void WriteSummary(IAnsiConsole console, DatasetManifest manifest, TimeSpan elapsed)
    {
        DatasetCounts counts = manifest.Counts;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Input rows {counts.InputRows:N0} = kept {counts.Kept:N0} + merged {counts.Merged:N0} + rejected {counts.Rejected:N0} + filtered {counts.Filtered:N0}"));
        if (counts.Rejected > 0)
            console.WriteLine("Rejected: " + string.Join(", ", counts.RejectedByReason.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:N0}"))));
        console.WriteLine("Filtered: " + string.Join(", ", counts.FilteredByCause.Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value:N0}"))));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Artists in the input: {counts.ArtistsByMbid:N0} by MBID, {counts.ArtistsByName:N0} by normalised name, {counts.ArtistsById:N0} by id column."));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Dataset: {counts.Users:N0} users x {counts.Items:N0} artists, {counts.TrainRows:N0} train and {counts.TestRows:N0} test rows ({counts.TestUsers:N0} test users), " +
            $"{manifest.UserBlocks.Count} user and {manifest.ItemBlocks.Count} item blocks."));
        if (manifest.Timings is { } timings)
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Seconds: read {timings.Read:F2}, parse {timings.Parse:F2}, key {timings.Key:F2} (summed over {timings.Threads} threads), " +
                $"filter {timings.Filter:F2}, split {timings.Split:F2}, write {timings.Write:F2}; total {timings.Total:F2}."));
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Done in {elapsed.TotalSeconds:F1} s, peak RSS {ProcessMemory.PeakResidentMegabytes():F0} MiB."));
    }
}
