using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Core.Catalog;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.StateBackend;
using EnvOrchestrator.Templates.Loading;
using EnvOrchestrator.Terraform;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Api.Tests;

/// <summary>
/// The API as a host composes it, on loopback Kestrel (real HTTP): API, state backend, lifecycle with real Terraform,
/// the Durable Task runtime on the test process's Azurite (a task hub of its own) and in-memory stores. Shared by the API test classes.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    private WebApplication? _app;
    private string _workRoot = string.Empty;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _app!.Services;

    public IEnvironmentStore Environments => Services.GetRequiredService<IEnvironmentStore>();

    public async Task InitializeAsync()
    {
        _workRoot = Directory.CreateTempSubdirectory("envorch-api-").FullName;
        var catalogRoot = Path.Combine(_workRoot, "catalog");
        TestFolders.CopyDirectory(Path.Combine(RepositoryPaths.Templates, "demo"), catalogRoot);
        TestFolders.CopyDirectory(Path.Combine(AppContext.BaseDirectory, "TestCatalog"), catalogRoot);
        var loaded = await CatalogLoader.LoadDirectoryAsync(catalogRoot, null, CancellationToken.None);
        Assert.True(loaded.IsValid, string.Join(Environment.NewLine, loaded.Errors));
        var azurite = await AzuriteFixture.SharedAsync();

        // The port goes into the state backend URL, so it is picked before Kestrel binds it (and picked again if taken).
        _app = await FreePorts.StartAsync(port => Build(port, catalogRoot, loaded.Catalog, azurite.ConnectionString), server => server.StartAsync());
        Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) };
    }

    private WebApplication Build(int port, string catalogRoot, TemplateCatalog catalog, string storage)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var services = builder.Services;
        services.AddTestTaskHub(storage);
        services.AddInMemoryEnvironmentStores();
        services.AddTerraformRunner(o =>
        {
            o.WorkRoot = Path.Combine(_workRoot, "runs");
            o.GracePeriod = TimeSpan.FromSeconds(5);
        });
        services.AddTerraformStateBackend(o =>
        {
            o.SigningKey = "api-test-signing-key-0123456789abcdef012345";
            o.Store = TerraformStateStoreKind.InMemory;
        });
        services.AddEnvironmentLifecycle(o =>
        {
            o.Catalog = catalog;
            o.CatalogRoot = catalogRoot;
            o.StateBackendUrl = new Uri($"http://127.0.0.1:{port}/tfstate");
            o.ExpirySweepInterval = TimeSpan.FromHours(1);
            o.MinimumTtl = TimeSpan.FromSeconds(1);
        });
        services.AddEnvOrchestratorApi(o => o.LogPollInterval = TimeSpan.FromMilliseconds(200));
        var app = builder.Build();
        app.MapTerraformStateBackend("/tfstate").WithTerraformStateOpenApi();
        app.MapEnvOrchestratorApi();
        app.MapEnvOrchestratorApiReference();
        return app;
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app!.StopAsync(cts.Token);
        await _app.DisposeAsync();
        try
        {
            Directory.Delete(_workRoot, recursive: true);
        }
        catch (IOException)
        {
            // A Terraform child may still hold a file for a moment.
        }
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> CreateAsync(string project, object body, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/environments") { Content = Json(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        request.Headers.Add("X-EnvOrch-User", "tester");
        return Http.SendAsync(request);
    }

    /// <summary>Polls the environment until no run works on it; returns its JSON.</summary>
    public async Task<JsonElement> WaitSettledAsync(string project, string name, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var environment = await Environments.FindAsync(EnvironmentId.Parse(project, name), cts.Token);
            if (environment is { CurrentRunId: null } && EnvironmentStatusMachine.IsSettled(environment.Status))
            {
                using var response = await Http.GetAsync($"/api/projects/{project}/environments/{name}", cts.Token);
                return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token)).RootElement.Clone();
            }

            await Task.Delay(100, cts.Token);
        }
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public static MediaTypeHeaderValue? ContentType(HttpResponseMessage response) => response.Content.Headers.ContentType;
}

[CollectionDefinition(Name)]
public sealed class ApiHostGroup : ICollectionFixture<ApiHost>
{
    public const string Name = "api";
}
