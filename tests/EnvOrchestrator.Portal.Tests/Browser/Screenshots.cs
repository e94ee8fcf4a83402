using Microsoft.Playwright;

namespace EnvOrchestrator.Portal.Tests.Browser;

/// <summary>Keeps full-page screenshots as test artifacts in <c>TestResults/portal-screenshots/</c> of the output folder.</summary>
internal static class Screenshots
{
    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "portal-screenshots");

    public static async Task<string> SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        var path = Path.Combine(Folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }
}
