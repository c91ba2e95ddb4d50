using Microsoft.Playwright;

namespace Cli.Tests.Reports;

/// <summary>
/// Headless Chromium from the Debian package <c>chromium</c>, driven by Playwright through <c>ExecutablePath</c>: no
/// browser is ever downloaded. A missing binary fails the test that needs it, naming the package to install.
/// </summary>
internal static class Chromium
{
    /// <summary>The chromium binary on PATH.</summary>
    /// <exception cref="InvalidOperationException">There is none (the message says how to install it).</exception>
    public static string Executable()
    {
        foreach (string folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (string name in new[] { "chromium", "chromium-browser" })
                if (File.Exists(Path.Combine(folder, name))) return Path.Combine(folder, name);
        throw new InvalidOperationException("No chromium binary on PATH: the report tests need headless Chromium. Install it with `apt-get install chromium` (Debian package; .ci/run installs it).");
    }

    /// <summary>Starts Playwright and launches the Debian Chromium headless.</summary>
    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        string executable = Executable();
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        IPlaywright playwright = await Playwright.CreateAsync();
        try
        {
            IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = executable,
                Headless = true,
                Args = ["--disable-gpu", "--no-first-run", "--disable-dev-shm-usage"],
                Timeout = 60_000,
            });
            return (playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }
}
