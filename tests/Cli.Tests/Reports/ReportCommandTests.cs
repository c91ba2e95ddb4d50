using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cli.Reports;
using Data.Runs;
using Microsoft.Playwright;

namespace Cli.Tests.Reports;

/// <summary>
/// The report of a real run (<see cref="ReportRunFixture"/>): opened in headless Chromium, checked against the run's
/// own files, with evaluation.json from another command, and the failure paths.
/// </summary>
public sealed partial class ReportCommandTests(ReportRunFixture run) : IClassFixture<ReportRunFixture>
{
    private static readonly string[] IterationCharts = ["chart-loss", "chart-precision", "chart-ndcg", "chart-coverage", "chart-seconds"];

    [Fact]
    public async Task Train_writes_a_report_that_chromium_renders_with_one_point_per_iteration_and_no_errors()
    {
        string report = Path.Combine(run.Run, RunReport.FileName);
        Assert.True(File.Exists(report), run.TrainOutput);
        Assert.Contains("Report: " + report, run.TrainOutput, StringComparison.Ordinal);
        int iterations = File.ReadAllLines(Path.Combine(run.Run, RunDirectory.MetricsFile)).Length;
        Assert.Equal(ReportRunFixture.Iterations, iterations);

        (IPlaywright playwright, IBrowser browser) = await Chromium.LaunchAsync();
        using (playwright)
        await using (browser)
        {
            IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var problems = new List<string>();
            var requests = new List<string>();
            page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
            page.PageError += (_, error) => problems.Add("page error: " + error);
            page.Request += (_, request) => requests.Add(request.Url);
            string url = new Uri(report).AbsoluteUri;
            IResponse? response = await page.GotoAsync(url, new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            Assert.NotNull(response);

            Assert.Empty(problems);
            Assert.Equal([url], requests);                                         // self-contained: nothing else is fetched
            Assert.Equal(0, await page.Locator("script, link[rel=stylesheet], img, iframe").CountAsync());
            foreach (string chart in IterationCharts)
            {
                Assert.Equal(1, await page.Locator("#" + chart).CountAsync());
                Assert.Equal(iterations, await page.Locator($"#{chart} [data-iteration]").CountAsync());
                Assert.True(await page.Locator($"#{chart} svg").IsVisibleAsync(), chart + " is not visible");
            }
            // Issue 16: ticks at least 11 px on screen (font size × the drawing's scale), every label inside its drawing, the
            // popularity baseline a line on the metric charts at its value.
            double smallest = await page.EvaluateAsync<double>("""
                () => Math.min(...[...document.querySelectorAll('svg')].flatMap(svg => {
                  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                  return [...svg.querySelectorAll('text.tick')].map(t => parseFloat(getComputedStyle(t).fontSize) * scale);
                }))
                """);
            Assert.True(smallest >= 11, $"smallest tick label {smallest:F1} px");
            bool inside = await page.EvaluateAsync<bool>("""
                () => [...document.querySelectorAll('svg')].every(svg => {
                  const box = svg.getBoundingClientRect();
                  return [...svg.querySelectorAll('text.tick')].every(t => { const r = t.getBoundingClientRect(); return r.left >= box.left - 0.5 && r.right <= box.right + 0.5; });
                })
                """);
            Assert.True(inside, "a tick label sticks out of its chart");
            IterationMetrics popularity = RunDirectory.ReadBaseline(run.Run);
            foreach ((string chart, double value) in new[] { ("chart-precision", popularity.Precision), ("chart-ndcg", popularity.Ndcg), ("chart-coverage", popularity.Coverage) })
                Assert.Equal(value.ToString("R", CultureInfo.InvariantCulture),
                    await page.Locator($"#{chart} .reference[data-series=popularity]").GetAttributeAsync("data-value"));
            string[] iterationsDrawn = [.. await page.Locator("#chart-loss [data-iteration]").EvaluateAllAsync<string[]>("points => points.map(p => p.getAttribute('data-iteration'))")];
            Assert.Equal(Enumerable.Range(1, iterations).Select(i => i.ToString(CultureInfo.InvariantCulture)), iterationsDrawn);

            string[] models = await page.Locator("#baselines tbody tr td:first-child").AllTextContentsAsync() is var cells ? [.. cells.Distinct()] : [];
            Assert.Equal(["ALS", "popularity"], models);
            Assert.Equal(2 * RunReport.Cutoffs.Length, await page.Locator("#chart-precision-at-k [data-at]").CountAsync());
            foreach (string chart in new[] { "chart-plays", "chart-artists-per-user", "chart-listeners-per-artist", "chart-tune-factors", "chart-tune-alpha" })
                Assert.True(await page.Locator($"#{chart} circle.point").CountAsync() > 0, chart + " has no points");

            // Artist names with markup arrive as text: no element came out of them.
            Assert.Equal(0, await page.Locator("#sample-user b, #sample-user i").CountAsync());
            string history = await page.Locator("#history").InnerTextAsync();
            Assert.Matches(new Regex("Band <b>\"\\d+\"</b> & Sons' <i>x</i>"), history);
            Assert.Equal(10, await page.Locator("#recommendations tbody tr").CountAsync());

            byte[] shot = await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true });
            PngImage image = PngImage.Decode(shot);
            Assert.Equal(1280, image.Width);
            Assert.True(image.Height > 900, $"full-page screenshot is only {image.Height} px high");
            Assert.True(image.DistinctColours(limit: 50) >= 50, "the screenshot is (nearly) a single colour");

            // The same check on a page that is one colour must say so: the decoder and the check can fail.
            await page.SetContentAsync("<html><body style=\"margin:0;background:#ff0000\"></body></html>");
            PngImage blank = PngImage.Decode(await page.ScreenshotAsync());
            Assert.Equal(1, blank.DistinctColours(limit: 50));
            Assert.Equal(new byte[] { 255, 0, 0 }, blank.Pixels[..3]);
        }
    }

    [Fact]
    public async Task The_computed_comparison_at_K_10_equals_the_training_runs_own_metrics_on_the_same_users()
    {
        // Training evaluated every test user (--eval-users all) through the worker actors; the report, asked for every
        // test user too, computes the same numbers by another path (one top-20 list cut at each K).
        string output = Path.Combine(run.Run, "all-users.html");
        (int code, string stdout, string error) = await CliRunner.RunAsync("report", "--model", run.Run, "--eval-users", "all", "--out", output);
        Assert.True(code == ExitCodes.Success, error + stdout);
        string html = await File.ReadAllTextAsync(output);
        IterationMetrics last = RunDirectory.ReadMetrics(Path.Combine(run.Run, RunDirectory.MetricsFile))[^1];
        IterationMetrics baseline = RunDirectory.ReadBaseline(run.Run);
        foreach ((string model, IterationMetrics expected) in new[] { ("ALS", last), ("popularity", baseline) })
        {
            Match row = TableRow().Match(html[html.IndexOf($"<tr data-model=\"{model}\"><td>{model}</td><td>10</td>", StringComparison.Ordinal)..]);
            Assert.True(row.Success, model);
            Assert.Equal(expected.Precision.ToString("F4", CultureInfo.InvariantCulture), row.Groups["precision"].Value);
            Assert.Equal(expected.Recall.ToString("F4", CultureInfo.InvariantCulture), row.Groups["recall"].Value);
            Assert.Equal(expected.Ndcg.ToString("F4", CultureInfo.InvariantCulture), row.Groups["ndcg"].Value);
            Assert.Equal(expected.Map.ToString("F4", CultureInfo.InvariantCulture), row.Groups["map"].Value);
        }
        Assert.Contains($"{last.EvalUsers:N0} test users", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_model_of_evaluation_json_is_rendered_with_its_name_escaped()
    {
        string evaluation = Path.Combine(run.Run, Data.Evaluation.EvaluationReport.FileName), output = Path.Combine(run.Run, "with-evaluation.html");
        object Metrics(int k, double precision) => new { k, precision, recall = precision / 2, ndcg = precision, map = precision / 3, hit_rate = 0.5, coverage = 0.1 };
        var file = new
        {
            k = new[] { 1, 5, 10 },
            users = 77,
            dataset = run.Dataset,
            models = new object[]
            {
                new { name = "ALS", metrics = new[] { Metrics(1, 0.41), Metrics(5, 0.31), Metrics(10, 0.21) } },
                new { name = "popularity", metrics = new[] { Metrics(1, 0.11), Metrics(5, 0.09), Metrics(10, 0.07) } },
                new { name = "item-knn <em>&</em>", metrics = new[] { Metrics(1, 0.33), Metrics(5, 0.23), Metrics(10, 0.13) } },
            },
        };
        await File.WriteAllTextAsync(evaluation, JsonSerializer.Serialize(file));
        try
        {
            (int code, string stdout, string error) = await CliRunner.RunAsync("report", "--model", run.Run, "--out", output);
            Assert.True(code == ExitCodes.Success, error + stdout);
        }
        finally
        {
            File.Delete(evaluation);
        }
        string html = await File.ReadAllTextAsync(output);
        Assert.Equal(3, Regex.Count(html, "<tr data-model=\"ALS\">"));
        Assert.Equal(3, Regex.Count(html, "<tr data-model=\"item-knn &lt;em&gt;&amp;&lt;/em&gt;\">"));
        Assert.DoesNotContain("<em>", html, StringComparison.Ordinal);
        Assert.Contains("<td>0.3300</td>", html, StringComparison.Ordinal);
        Assert.Contains("77 test users", html, StringComparison.Ordinal);
        Assert.Contains("From evaluation.json", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Report_refuses_a_folder_without_a_run_and_a_dataset_that_is_not_the_models()
    {
        using var folder = new TemporaryDirectory();
        (int empty, _, string emptyError) = await CliRunner.RunAsync("report", "--model", folder.Path);
        Assert.Equal(ExitCodes.UsageError, empty);
        Assert.Contains("metrics.jsonl", emptyError, StringComparison.Ordinal);

        (int missing, _, string missingError) = await CliRunner.RunAsync("report", "--model", folder.File("nope"));
        Assert.Equal(ExitCodes.UsageError, missing);
        Assert.Contains("does not exist", missingError, StringComparison.Ordinal);

        (int wrongData, _, string wrongError) = await CliRunner.RunAsync("report", "--model", run.Run, "--data", folder.Path, "--out", folder.File("r.html"));
        Assert.Equal(ExitCodes.UsageError, wrongData);
        Assert.Contains("--data", wrongError, StringComparison.Ordinal);
        Assert.False(File.Exists(folder.File("r.html")));
    }

    [Fact]
    public async Task A_report_that_cannot_be_written_is_a_warning_and_the_training_run_still_succeeds()
    {
        using var folder = new TemporaryDirectory();
        string runFolder = folder.File("run");
        Directory.CreateDirectory(Path.Combine(runFolder, RunReport.FileName));          // a folder where the file should go
        (int code, string output, string error) = await CliRunner.RunAsync("train", "--data", run.Dataset, "--out", runFolder,
            "--factors", "4", "--iterations", "1", "--eval-users", "all");
        Assert.True(code == ExitCodes.Success, error + output);
        Assert.Contains("warning: the report was not written", error, StringComparison.Ordinal);
        Assert.Contains("als report --model " + runFolder, error, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(runFolder, "model", "model.json")));
    }

    [GeneratedRegex("<td>10</td><td>(?<precision>[0-9.]+)</td><td>(?<recall>[0-9.]+)</td><td>(?<ndcg>[0-9.]+)</td><td>(?<map>[0-9.]+)</td>")]
    private static partial Regex TableRow();
}
