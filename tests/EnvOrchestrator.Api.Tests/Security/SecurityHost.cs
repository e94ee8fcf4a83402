using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text.Json;
using EnvOrchestrator.Api.Security;
using EnvOrchestrator.Core.Audit;
using EnvOrchestrator.Core.Audit.InMemory;
using EnvOrchestrator.Core.Webhooks;
using EnvOrchestrator.Core.Webhooks.InMemory;
using EnvOrchestrator.Lifecycle;
using EnvOrchestrator.Lifecycle.UseCases.Audit;
using EnvOrchestrator.Lifecycle.Webhooks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>
/// The API's endpoints and security on loopback Kestrel, in production mode unless told otherwise, with an in-memory
/// key store and an <see cref="IEnvironmentService"/> that records each call and answers <see cref="Reached"/> (299):
/// a request that gets that far passed the access gate, and nothing ever runs.
/// </summary>
internal sealed class SecurityHost : IAsyncDisposable
{
    public const int Reached = 299;

    private readonly WebApplication _app;

    private SecurityHost(WebApplication app, Uri address, RecordingService calls)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        Calls = calls;
    }

    public HttpClient Http { get; }

    public RecordingService Calls { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SecurityHost> StartAsync(Action<SecurityOptions>? security = null, Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var calls = DispatchProxy.Create<IEnvironmentService, RecordingService>();
        builder.Services.AddSingleton(calls);
        builder.Services.AddSingleton<IAuditLog, InMemoryAuditLog>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddSingleton<IWebhookStore, InMemoryWebhookStore>();
        builder.Services.AddOptions<WebhookSubscriptionOptions>();
        builder.Services.AddSingleton<WebhookSubscriptions>();
        builder.Services.AddEnvOrchestratorApi(security: security);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseEnvOrchestratorSecurityHeaders();
        app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (HandlerReachedException)
            {
                context.Response.StatusCode = Reached;
            }

        });
        app.MapEnvOrchestratorApi();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new SecurityHost(app, new Uri(address), (RecordingService)(object)calls);
    }

    /// <summary>Stores a key with <paramref name="grants"/> and returns its text.</summary>
    public async Task<string> CreateKeyAsync(string name, params string[] grants)
    {
        var (_, key) = await Services.GetRequiredService<ApiKeyService>().CreateAsync(name, grants, null, "test", CancellationToken.None);
        return key;
    }

    public async Task<(int Status, JsonElement Body)> SendAsync(HttpMethod method, string path, string? bearer = null, Action<HttpRequestMessage>? configure = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        configure?.Invoke(request);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>Records the lifecycle call (method and arguments) and stops the request there.</summary>
#pragma warning disable CA1852 // DispatchProxy derives its proxy type from this class at run time.
    public class RecordingService : DispatchProxy
#pragma warning restore CA1852
    {
        public ConcurrentQueue<(string Method, object?[] Arguments)> Received { get; } = new();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            Received.Enqueue((targetMethod!.Name, args ?? []));
            throw new HandlerReachedException();
        }
    }

    private sealed class HandlerReachedException : Exception;
}
