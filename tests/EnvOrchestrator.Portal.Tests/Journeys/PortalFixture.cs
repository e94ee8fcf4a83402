using EnvOrchestrator.Portal.Tests.Browser;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EnvOrchestrator.Portal.Tests.Journeys;

/// <summary>One service and one browser for a test class; each test gets its own browser context (fresh storage).</summary>
public sealed class PortalFixture : IAsyncLifetime
{
    private readonly CurrentTestOutput _output = new();
    private InProcessService? _service;
    private ChromiumBrowser? _browser;

    public Uri BaseAddress => _service?.Settings.BaseAddress ?? throw new InvalidOperationException("The service has not started.");

    /// <summary>Starts the service on first use (it needs the class's Azurite) and routes its logs to this test.</summary>
    public async Task<IPage> OpenPageAsync(AzuriteFixture azurite, ITestOutputHelper output, CancellationToken cancellationToken)
    {
        // xunit runs the tests of one class one after another, so first use needs no lock.
        _output.Current = output;
        _service ??= await StartServiceAsync(azurite);
        _browser ??= await ChromiumBrowser.LaunchAsync(cancellationToken);

        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        page.Console += (_, message) => _output.WriteLine($"browser console {message.Type}: {message.Text}");
        page.PageError += (_, error) => _output.WriteLine($"browser page error: {error}");
        return page;
    }

    /// <summary>The demo catalog plus an approval policy for project "gated" only, so the other journeys are unaffected.</summary>
    private async Task<InProcessService> StartServiceAsync(AzuriteFixture azurite)
    {
        var catalog = Directory.CreateTempSubdirectory("portal-catalog-").FullName;
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), catalog);
        await File.WriteAllTextAsync(Path.Combine(catalog, "policies", "gate.yaml"), """
            apiVersion: envorch.io/v1
            kind: Policy
            metadata: { name: gate }
            spec:
              appliesTo: { projects: [gated] }
              enforcement: approval
              rules:
                - requireApproval: true
            """);
        var settings = ServiceSettings.Create(azurite.ConnectionString);
        settings.Values["EnvOrchestrator:CatalogPath"] = catalog;
        return await InProcessService.StartAsync(settings, _output);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }
}
