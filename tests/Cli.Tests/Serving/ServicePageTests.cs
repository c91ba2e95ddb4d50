using Cli.Tests.Reports;
using Data.Models;
using Microsoft.Playwright;

namespace Cli.Tests.Serving;

/// <summary>
/// Issue 16, item 3: the page at <c>/</c> in headless Chromium (the Debian package, through Playwright): search a user by
/// the start of its id, pick it, see its recommendations with their explanations, open an artist's similar artists; no
/// console error, no request leaves the service, and the screenshot is not blank.
/// </summary>
public sealed class ServicePageTests(ServiceFixture service) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task The_page_finds_a_user_and_shows_explained_recommendations_and_similar_artists()
    {
        const int user = 7, count = 10;
        string sha1 = service.Tiny.Model.UserIds[user];
        string origin = service.Server.Address.GetLeftPart(UriPartial.Authority);
        string[] expected = [.. service.Model.Recommend(user, count).Select(entry => entry.ArtistName)];
        (IPlaywright playwright, IBrowser browser) = await Chromium.LaunchAsync();
        try
        {
            IPage page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
            var problems = new List<string>();
            page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
            page.PageError += (_, error) => problems.Add("page error: " + error);
            page.RequestFailed += (_, request) => problems.Add("request failed: " + request.Url);
            page.Request += (_, request) =>
            {
                if (!request.Url.StartsWith(origin, StringComparison.Ordinal) && !request.Url.StartsWith("data:", StringComparison.Ordinal))
                    problems.Add("request outside the service: " + request.Url);
            };

            IResponse? response = await page.GotoAsync(service.Server.Address.ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Load });
            Assert.True(response?.Ok, "the page did not load");
            await page.Locator("#model").Filter(new LocatorFilterOptions { HasText = "users" }).WaitForAsync();

            await page.Locator("#query").PressSequentiallyAsync(sha1[..10]);
            await page.Locator("#suggestions li[role=option]").Filter(new LocatorFilterOptions { HasText = sha1 }).First.ClickAsync();
            await page.Locator("#recommendations li").Nth(count - 1).WaitForAsync();
            await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#recommendations .why')].every(why => why.textContent.startsWith('because'))");
            Assert.Equal(expected, await page.Locator("#recommendations .artist").AllTextContentsAsync());
            Assert.Contains(sha1, await page.Locator("#user-title").TextContentAsync(), StringComparison.Ordinal);

            await page.Locator("#recommendations .artist").First.ClickAsync();
            await page.Locator("#similar li").Nth(count - 1).WaitForAsync();
            int top = service.Model.Recommend(user, 1)[0].ItemIndex;
            Assert.Equal(service.Model.SimilarArtists(top, count).Select(entry => entry.ArtistName), await page.Locator("#similar .artist").AllTextContentsAsync());

            PngImage image = PngImage.Decode(await page.ScreenshotAsync(new PageScreenshotOptions { FullPage = true }));
            Assert.True(image.DistinctColours(limit: 50) >= 50, "the screenshot is (nearly) a single colour");
            Assert.Empty(problems);
        }
        finally
        {
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}
