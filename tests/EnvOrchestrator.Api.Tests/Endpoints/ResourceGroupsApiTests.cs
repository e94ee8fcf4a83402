using System.Net;

namespace EnvOrchestrator.Api.Tests.Endpoints;

/// <summary><c>/api/admin/resource-groups</c> on a host with no subscription configured (the check itself has lifecycle tests).</summary>
[Collection(ApiHostGroup.Name)]
public sealed class ResourceGroupsApiTests(ApiHost host)
{
    [Fact(Timeout = 30_000)]
    public async Task Get_NoSubscriptionConfigured_NothingCheckedSoNotVerifiedClean()
    {
        using var response = await host.Http.GetAsync("/api/admin/resource-groups");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiHost.ReadJsonAsync(response);
        Assert.False(body.GetProperty("checked").GetBoolean());
        Assert.False(body.GetProperty("verifiedClean").GetBoolean());
        Assert.Equal(0, body.GetProperty("orphans").GetArrayLength());
    }
}
