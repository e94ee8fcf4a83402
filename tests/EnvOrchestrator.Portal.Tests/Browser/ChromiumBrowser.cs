using Microsoft.Playwright;

namespace EnvOrchestrator.Portal.Tests.Browser;

/// <summary>Playwright's bundled driver driving Debian's headless Chromium, with the flags this machine needs.</summary>
internal sealed class ChromiumBrowser : IAsyncDisposable
{
    // Without the background-networking flags Chromium keeps dialling Google's hosts, which the closed network refuses.
    private static readonly string[] Flags =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private readonly IPlaywright _playwright;

    private ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static async Task<ChromiumBrowser> LaunchAsync(CancellationToken cancellationToken)
    {
        await ChromiumInstaller.EnsureInstalledAsync(cancellationToken);
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumInstaller.ExecutablePath,
                Headless = true,
                Args = Flags,
            });
            return new ChromiumBrowser(playwright, browser);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }
}
