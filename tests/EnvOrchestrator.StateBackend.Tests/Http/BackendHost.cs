using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text;
using EnvOrchestrator.Core.TerraformState;
using EnvOrchestrator.StateBackend.Storage;
using EnvOrchestrator.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EnvOrchestrator.StateBackend.Tests.Http;

/// <summary>The state backend on real Kestrel at http://127.0.0.1:{free port}, as any host would map it.</summary>
internal sealed class BackendHost : IAsyncDisposable
{
    public const string SigningKey = "test-signing-key-0123456789abcdef0123456789";

    private readonly WebApplication _app;

    private BackendHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public TerraformStateBackend Backend => _app.Services.GetRequiredService<TerraformStateBackend>();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <param name="services">Registers more services first, e.g. an <see cref="ITerraformStateStore"/> that replaces the configured one.</param>
    public static async Task<BackendHost> StartAsync(
        ITestOutputHelper output,
        Action<TerraformStateBackendOptions>? configure = null,
        TimeProvider? timeProvider = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new XunitLoggerProvider(output));
        if (timeProvider is not null)
        {
            builder.Services.AddSingleton(timeProvider);
        }

        services?.Invoke(builder.Services);
        builder.Services.AddTerraformStateBackend(options =>
        {
            options.SigningKey = SigningKey;
            options.Store = TerraformStateStoreKind.InMemory;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        BackendHost? host = null;
        app.Use(async (context, next) =>
        {
            await next(context);
            host?.Requests.Enqueue($"{context.Request.Method} {context.Request.Path} {context.Response.StatusCode}");
        });
        app.MapTerraformStateBackend("/tfstate");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host = new BackendHost(app, new Uri(address));
        return host;
    }

    public static string PathOf(TerraformStateAddress address) => $"/tfstate/{address.Workspace}/{address.StateName}";

    /// <summary>Registers the address and returns an Authorization header with its credentials.</summary>
    public async Task<AuthenticationHeaderValue> RegisterAsync(TerraformStateAddress address)
    {
        await Backend.RegisterAsync(address, CancellationToken.None);
        return Basic(Backend.IssueCredentials(address, TimeSpan.FromHours(1)));
    }

    public static AuthenticationHeaderValue Basic(TerraformStateCredentials credentials) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials.Username + ":" + credentials.Password)));

    public async Task<HttpResponseMessage> SendAsync(string method, string path, AuthenticationHeaderValue? auth, string? body = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Authorization = auth;
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal ITerraformStateStore Store => Backend.Store;
}
