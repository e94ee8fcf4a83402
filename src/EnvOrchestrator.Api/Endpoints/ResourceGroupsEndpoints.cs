using EnvOrchestrator.Lifecycle.ResourceGroups;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EnvOrchestrator.Api.Endpoints;

/// <summary><c>/api/admin/resource-groups</c>: are the resource groups the service tagged all accounted for? (platform-admin)</summary>
internal static class ResourceGroupsEndpoints
{
    public static void Map(RouteGroupBuilder groups) =>
        groups.MapGet("/", CheckAsync)
            .WithName("CheckResourceGroups")
            .WithSummary("Resource groups the service tagged, checked against their environments")
            .WithDescription("Lists the groups tagged envorch-managed whose environment is gone or destroyed (orphans) and those whose environment has expired but is not being destroyed. verifiedClean is true when there are none. Reports only: the sweep deletes orphans when Lifecycle:DeleteOrphanedResourceGroups is on. checked is false when no subscription is configured, or when Resource Manager could not be asked (error says why).");

    // Resolved from the services, not bound: a host without the lifecycle (a test host) still maps the endpoint.
    private static async Task<Ok<ResourceGroupSweepResult>> CheckAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        TypedResults.Ok(services.GetService<IResourceGroupCheck>() is { } check
            ? await check.CheckAsync(cancellationToken).ConfigureAwait(false)
            : new ResourceGroupSweepResult(false, 0, [], [], []));
}
