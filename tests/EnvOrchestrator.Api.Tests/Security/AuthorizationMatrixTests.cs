using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace EnvOrchestrator.Api.Tests.Security;

/// <summary>
/// Every API endpoint × caller × own/other project, against a table of expectations. The endpoints are read from the
/// app's endpoint data source, so an endpoint added without a row here fails <see cref="Table_CoversEveryEndpoint"/>.
/// Callers present API keys (production mode); "allow" means the request passed the access gate.
/// </summary>
public sealed class AuthorizationMatrixTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Own = "team-a";
    private const string Other = "team-b";

    // Columns: anonymous, viewer, developer, project-admin (all of team-a), platform-admin, project-admin of team-b.
    private static readonly string[] Callers = ["anonymous", "viewer", "developer", "project-admin", "platform-admin", "other-admin"];

    private const string ReadItem = "401 allow allow allow allow 404 | 401 404 404 404 allow allow";
    private const string ReadCollection = "401 allow allow allow allow 403 | 401 403 403 403 allow allow";
    private const string Create = "401 403 allow allow allow 403 | 401 403 403 403 allow allow";
    private const string ChangeItem = "401 403 allow allow allow 404 | 401 404 404 404 allow allow";
    private const string PurgeItem = "401 403 403 allow allow 404 | 401 404 404 404 allow allow";
    private const string ApproveItem = PurgeItem;
    private const string ManageWebhooks = "401 403 403 allow allow 403 | 401 403 403 403 allow allow";
    private const string Identified = "401 allow allow allow allow allow | 401 allow allow allow allow allow";
    private const string Admin = "401 403 403 403 allow 403 | 401 403 403 403 allow 403";

    /// <summary>
    /// Endpoint (method and route pattern, plus a query for a variant) → expectation in the own project | in the other
    /// project. The catalog's project is its <c>?project=</c>.
    /// </summary>
    private static readonly Dictionary<string, string> Expectations = new(StringComparer.Ordinal)
    {
        ["GET /api/templates?project={project}"] = ReadCollection,
        ["GET /api/templates/{template}?project={project}"] = ReadCollection,
        ["GET /api/templates/{template}/environments"] = Admin,
        ["POST /api/projects/{project}/environments"] = Create,
        ["GET /api/projects/{project}/environments"] = ReadCollection,
        ["GET /api/projects/{project}/environments/{name}"] = ReadItem,
        ["PATCH /api/projects/{project}/environments/{name}"] = ChangeItem,
        ["DELETE /api/projects/{project}/environments/{name}"] = ChangeItem,
        ["DELETE /api/projects/{project}/environments/{name}?purge=true"] = PurgeItem,
        ["POST /api/projects/{project}/environments/{name}/plan"] = ReadItem,
        ["POST /api/projects/{project}/environments/{name}/extend"] = ChangeItem,
        ["POST /api/projects/{project}/environments/{name}/outputs/reveal"] = ChangeItem,
        ["POST /api/projects/{project}/environments/{name}/approve"] = ApproveItem,
        ["POST /api/projects/{project}/environments/{name}/reject"] = ApproveItem,
        ["POST /api/projects/{project}/environments/{name}/retry"] = ChangeItem,
        ["POST /api/projects/{project}/environments/{name}/cancel"] = ChangeItem,
        ["GET /api/projects/{project}/environments/{name}/runs"] = ReadItem,
        ["GET /api/projects/{project}/environments/{name}/runs/{run}"] = ReadItem,
        ["GET /api/projects/{project}/environments/{name}/runs/{run}/logs"] = ReadItem,
        ["GET /api/projects/{project}/audit"] = ReadCollection,
        ["POST /api/projects/{project}/webhooks"] = ManageWebhooks,
        ["GET /api/projects/{project}/webhooks"] = ManageWebhooks,
        ["DELETE /api/projects/{project}/webhooks/{id}"] = ManageWebhooks,
        ["GET /api/projects/{project}/webhooks/{id}/deliveries"] = ManageWebhooks,
        ["GET /api/catalog"] = Identified,
        ["POST /api/catalog/refresh"] = Admin,
        ["GET /api/admin/resource-groups"] = Admin,
        ["POST /api/admin/api-keys"] = Admin,
        ["GET /api/admin/api-keys"] = Admin,
        ["DELETE /api/admin/api-keys/{id}"] = Admin,
    };

    private SecurityHost _host = null!;
    private Dictionary<string, string?> _keys = null!;

    public async Task InitializeAsync()
    {
        _host = await SecurityHost.StartAsync();
        _keys = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["anonymous"] = null,
            ["viewer"] = await _host.CreateKeyAsync("vera", $"project:{Own}:viewer"),
            ["developer"] = await _host.CreateKeyAsync("dev", $"project:{Own}:developer"),
            ["project-admin"] = await _host.CreateKeyAsync("olga", $"project:{Own}:project-admin"),
            ["platform-admin"] = await _host.CreateKeyAsync("pat", "platform-admin"),
            ["other-admin"] = await _host.CreateKeyAsync("otto", $"project:{Other}:owner"),
        };
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Table_CoversEveryEndpoint()
    {
        var served = _host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} /{e.RoutePattern.RawText!.Trim('/')}"))
            .Where(key => key.Contains(" /api/", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);
        var described = Expectations.Keys.Select(k => k.Split('?')[0]).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(served.Except(described).Order());
        Assert.Empty(described.Except(served).Order());
    }

    [Fact(Timeout = 120_000)]
    public async Task EveryEndpoint_EveryCaller_AnsweredAsTheTableSays()
    {
        var mismatches = new List<string>();
        var cases = 0;

        foreach (var (endpoint, expectation) in Expectations)
        {
            var halves = expectation.Split('|');
            foreach (var (project, half) in new[] { (Own, halves[0]), (Other, halves[1]) })
            {
                var expected = half.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                for (var i = 0; i < Callers.Length; i++)
                {
                    var actual = await OutcomeAsync(endpoint, project, _keys[Callers[i]]);
                    cases++;
                    if (actual != expected[i])
                    {
                        mismatches.Add($"{endpoint} in {project} as {Callers[i]}: expected {expected[i]}, got {actual}");
                    }
                }
            }
        }

        output.WriteLine($"{cases} cases");
        Assert.Empty(mismatches);
    }

    [Fact(Timeout = 30_000)]
    public async Task HiddenEnvironment_NoRoleInProject_SameProblemAsMissingEnvironment()
    {
        var (status, body) = await _host.SendAsync(HttpMethod.Get, $"/api/projects/{Other}/environments/shop-dev", _keys["viewer"]);

        Assert.Equal(404, status);
        Assert.Equal("not-found", body.GetProperty("code").GetString());
        Assert.Equal("environment.not-found", body.GetProperty("rule").GetString());
        Assert.Equal("name", body.GetProperty("field").GetString());
        Assert.Equal($"Project '{Other}' has no environment named 'shop-dev'.", body.GetProperty("detail").GetString());
    }

    private async Task<string> OutcomeAsync(string endpoint, string project, string? key)
    {
        var space = endpoint.IndexOf(' ', StringComparison.Ordinal);
        var method = new HttpMethod(endpoint[..space]);
        var path = endpoint[(space + 1)..]
            .Replace("{project}", project, StringComparison.Ordinal)
            .Replace("{name}", "env-1", StringComparison.Ordinal)
            .Replace("{run}", "run-1", StringComparison.Ordinal)
            .Replace("{template}", "web-stack", StringComparison.Ordinal)
            .Replace("{id}", "0123456789abcdef", StringComparison.Ordinal);
        var (status, body) = await _host.SendAsync(method, path, key);
        return status switch
        {
            StatusCodes.Status401Unauthorized => "401",
            StatusCodes.Status403Forbidden when Rule(body) == "access.denied" => "403",
            StatusCodes.Status404NotFound when Rule(body) == "environment.not-found" => "404",
            _ => "allow",
        };
    }

    private static string? Rule(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty("rule", out var rule) ? rule.GetString() : null;
}
