using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit;

namespace EnvOrchestrator.Testing.Service;

/// <summary>The HTTP API as a developer uses it: create, read, destroy, and poll until a status is reached.</summary>
public sealed class EnvironmentClient(Uri baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static string PathOf(string project, string name) => $"/api/projects/{project}/environments/{name}";

    public async Task<JsonElement> CreateAsync(string project, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/projects/{project}/environments") { Content = JsonContent.Create(body) };
        request.Headers.Add("X-EnvOrch-User", "e2e");
        using var response = await _http.SendAsync(request, cancellationToken);
        var json = await ReadAsync(response, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"create answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<JsonElement> DestroyAsync(string project, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, PathOf(project, name));
        request.Headers.Add("X-EnvOrch-User", "e2e");
        using var response = await _http.SendAsync(request, cancellationToken);
        var json = await ReadAsync(response, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"destroy answered {(int)response.StatusCode}: {json}");
        return json;
    }

    public async Task<JsonElement> GetAsync(string project, string name, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(PathOf(project, name), UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await ReadAsync(response, cancellationToken);
    }

    /// <summary>Polls until <paramref name="done"/> holds; fails fast when the environment settles elsewhere.</summary>
    public async Task<JsonElement> WaitUntilAsync(string project, string name, Func<JsonElement, bool> done, CancellationToken cancellationToken)
    {
        while (true)
        {
            var environment = await GetAsync(project, name, cancellationToken);
            if (done(environment))
            {
                return environment;
            }

            var status = environment.GetProperty("status").GetString();
            Assert.False(status is "Failed" or "Cancelled", $"the environment ended {status}: {environment}");
            await Task.Delay(250, cancellationToken);
        }
    }

    public Task<JsonElement> WaitForStatusAsync(string project, string name, string status, CancellationToken cancellationToken) =>
        WaitUntilAsync(project, name, e => e.GetProperty("status").GetString() == status && e.GetProperty("currentRunId").ValueKind == JsonValueKind.Null, cancellationToken);

    public void Dispose() => _http.Dispose();

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
