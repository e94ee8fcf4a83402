using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace EnvOrchestrator.Benchmarks.Service;

/// <summary>The service's HTTP API as a developer's client uses it. Transport errors surface to the caller.</summary>
internal sealed class ServiceApi(Func<Uri> baseAddress) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public static string PathOf(string project, string name) => $"/api/projects/{project}/environments/{name}";

    /// <summary>POST …/environments; true when accepted (202), else the answer's status and body.</summary>
    public async Task<(bool Accepted, string Answer)> CreateAsync(string project, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Address($"/api/projects/{project}/environments")) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-EnvOrch-User", "bench");
        using var response = await _http.SendAsync(request, cancellationToken);
        return (response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    public async Task<(bool Accepted, string Answer)> DestroyAsync(string project, string name, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, Address(PathOf(project, name)));
        request.Headers.Add("X-EnvOrch-User", "bench");
        using var response = await _http.SendAsync(request, cancellationToken);
        return (response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
    }

    /// <summary>The environment, or null when the service does not answer 200 (e.g. it is down).</summary>
    public async Task<JsonElement?> TryGetAsync(string project, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.GetAsync(Address(PathOf(project, name)), cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>GET …/environments (the first page); returns the status code and the number of items.</summary>
    public async Task<(HttpStatusCode Status, int Items)> ListAsync(string project, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(Address($"/api/projects/{project}/environments"), cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return (response.StatusCode, 0);
        }

        using var document = JsonDocument.Parse(text);
        return (response.StatusCode, document.RootElement.GetProperty("items").GetArrayLength());
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Settled in <paramref name="status"/>: that status and no run in progress.</summary>
    public static bool IsSettledIn(JsonElement environment, string status) =>
        environment.GetProperty("status").GetString() == status && environment.GetProperty("currentRunId").ValueKind == JsonValueKind.Null;

    public static string Status(JsonElement environment) => environment.GetProperty("status").GetString() ?? "?";

    private Uri Address(string path) => new(baseAddress(), path);
}
