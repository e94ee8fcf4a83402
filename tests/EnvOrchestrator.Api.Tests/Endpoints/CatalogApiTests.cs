using System.Net;

namespace EnvOrchestrator.Api.Tests.Endpoints;

/// <summary><c>/api/catalog</c> on a host that serves a fixed folder (the service's Git refresh has its own tests).</summary>
[Collection(ApiHostGroup.Name)]
public sealed class CatalogApiTests(ApiHost host)
{
    [Fact(Timeout = 30_000)]
    public async Task GetAndRefresh_FixedCatalog_StatusShownAndRefreshRefusedAsNotRefreshable()
    {
        using var status = await host.Http.GetAsync("/api/catalog");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        var body = await ApiHost.ReadJsonAsync(status);
        Assert.Equal("folder", body.GetProperty("source").GetString());
        Assert.True(body.GetProperty("environmentTemplates").GetInt32() >= 2);

        using var refresh = await host.Http.PostAsync("/api/catalog/refresh", null);
        Assert.Equal(HttpStatusCode.Conflict, refresh.StatusCode);
        Assert.Equal("catalog.not-refreshable", (await ApiHost.ReadJsonAsync(refresh)).GetProperty("rule").GetString());
    }
}
