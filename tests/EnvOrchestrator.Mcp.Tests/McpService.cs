using System.Net.Http.Json;
using System.Text.Json;
using EnvOrchestrator.Testing;
using EnvOrchestrator.Testing.Service;
using Microsoft.Extensions.Logging.Abstractions;
using ModelContextProtocol.Client;
using Xunit.Abstractions;

namespace EnvOrchestrator.Mcp.Tests;

/// <summary>
/// One real service per test class (the class fixture), started by the first test on the shared Azurite; its logs go
/// to whichever test of the class is running. Agents connect with the SDK's own client, as any MCP host would.
/// </summary>
public sealed class McpService : IAsyncLifetime
{
    public const string UserHeader = "X-EnvOrch-User";

    private readonly Lock _lock = new();
    private readonly RoutedOutput _output = new();
    private Task<InProcessService>? _starting;
    private InProcessService? _service;

    public Uri BaseAddress => (_service ?? throw new InvalidOperationException("Call StartAsync first.")).Settings.BaseAddress;

    public async Task StartAsync(AzuriteFixture azurite, ITestOutputHelper output)
    {
        _output.Current = output;
        Task<InProcessService> starting;
        lock (_lock)
        {
            starting = _starting ??= InProcessService.StartAsync(ServiceSettings.Create(azurite.ConnectionString), _output);
        }

        _service = await starting;
    }

    /// <summary>An MCP client over streamable HTTP at <c>/mcp</c>, naming <paramref name="user"/> as the API's callers do (none when null).</summary>
    public Task<McpClient> ConnectAsync(string? user, CancellationToken cancellationToken)
    {
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions
            {
                Endpoint = new Uri(BaseAddress, EnvOrchestratorMcpEndpointRouteBuilderExtensions.Path),
                TransportMode = HttpTransportMode.StreamableHttp,
                AdditionalHeaders = user is null ? null : new Dictionary<string, string> { [UserHeader] = user },
            },
            NullLoggerFactory.Instance);
        return McpClient.CreateAsync(transport, cancellationToken: cancellationToken);
    }

    /// <summary>The HTTP API's answer to the same request, to hold the tools to the API's words.</summary>
    public async Task<(int Status, JsonElement Body)> SendApiAsync(HttpMethod method, string path, object? body, string? user, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (user is not null)
        {
            request.Headers.Add(UserHeader, user);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return ((int)response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async Task DisposeAsync()
    {
        if (_service is not null)
        {
            await _service.DisposeAsync();
        }
    }

    public Task InitializeAsync() => Task.CompletedTask;

    private sealed class RoutedOutput : ITestOutputHelper
    {
        public ITestOutputHelper? Current { get; set; }

        public void WriteLine(string message) => Current?.WriteLine(message);

        public void WriteLine(string format, params object[] args) => Current?.WriteLine(format, args);
    }
}
