using EnvOrchestrator.StateBackend.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.StateBackend;

public static class TerraformStateBackendEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Serves Terraform's http backend protocol at <c>{prefix}/{workspace}/{stateName}</c>: GET, POST, LOCK, UNLOCK.
    /// Authentication is the per-address (and per-run) Basic credential from <see cref="TerraformStateBackend.IssueCredentials(Core.TerraformState.TerraformStateAddress, string, TimeSpan)"/>,
    /// so the group needs no other auth policy. A storage failure is answered 503 (transient, Terraform retries) or 500
    /// with a one-line problem detail. Returns the group for further conventions.
    /// </summary>
    public static RouteGroupBuilder MapTerraformStateBackend(this IEndpointRouteBuilder endpoints, string prefix = "/tfstate")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(StorageFailureFilter.InvokeAsync);
        const string Route = "/{workspace}/{stateName}";
        group.MapMethods(Route, ["GET"], GetStateEndpoint.HandleAsync);
        group.MapMethods(Route, ["POST"], PostStateEndpoint.HandleAsync);
        group.MapMethods(Route, ["LOCK"], LockStateEndpoint.HandleAsync);
        group.MapMethods(Route, ["UNLOCK"], UnlockStateEndpoint.HandleAsync);
        return group;
    }
}
