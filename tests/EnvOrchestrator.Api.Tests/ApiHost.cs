using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Environments;
using EnvOrchestrator.Testing.Lifecycle;

namespace EnvOrchestrator.Api.Tests;

/// <summary>
/// The API as a host composes it, on loopback Kestrel (real HTTP): the shared <see cref="LifecycleHost"/> (state
/// backend, lifecycle with real Terraform, the Durable Task runtime on the test process's Azurite, in-memory stores)
/// with the API's endpoints and reference mapped beside the state backend. Shared by the API test classes.
/// </summary>
public sealed class ApiHost : IAsyncLifetime
{
    private LifecycleHost? _host;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => _host!.Services;

    public IEnvironmentStore Environments => _host!.Environments;

    public async Task InitializeAsync()
    {
        _host = await LifecycleHost.StartAsync(new LifecycleHostOptions
        {
            // Development mode: the tests name callers with the development headers (authentication has its own tests).
            Services = services => services.AddEnvOrchestratorApi(o => o.LogPollInterval = TimeSpan.FromMilliseconds(200), s => s.Mode = SecurityMode.Development),
            Map = (app, stateBackend) =>
            {
                stateBackend.WithTerraformStateOpenApi();
                app.MapEnvOrchestratorApi();
                app.MapEnvOrchestratorApiReference();
            },
        });
        Http = new HttpClient { BaseAddress = _host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _host!.DisposeAsync();
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
        var wait = timeout ?? TimeSpan.FromSeconds(60);
        await _host!.WaitSettledAsync(EnvironmentId.Parse(project, name), wait);
        using var cts = new CancellationTokenSource(wait);
        using var response = await Http.GetAsync($"/api/projects/{project}/environments/{name}", cts.Token);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync(cts.Token)).RootElement.Clone();
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
