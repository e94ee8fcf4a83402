using EnvOrchestrator.Api.Endpoints;
using EnvOrchestrator.Api.Http;
using EnvOrchestrator.Api.OpenApi;
using EnvOrchestrator.Api.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace EnvOrchestrator.Api;

public static class EnvOrchestratorApiEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the HTTP API under <c>/api</c>: <c>/templates</c>, <c>/catalog</c>, <c>/projects/{project}/environments/…</c>, <c>/admin/api-keys</c> and <c>/admin/resource-groups</c>.
    /// Every endpoint answers errors as RFC 7807 problem details naming the field and the rule.
    /// </summary>
    public static RouteGroupBuilder MapEnvOrchestratorApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup(ApiLinks.Root);
        var templates = api.MapGroup("/templates")
            .WithTags(OpenApiTags.Templates)
            .WithApiRequestFilters()
            .RequiresAccess(ProjectAction.Read);
        TemplatesEndpoints.Map(templates);
        var environments = api.MapGroup("/projects/{project}/environments")
            .WithTags(OpenApiTags.Environments)
            .WithApiRequestFilters()

            // The group's ProjectAccessFilter checks the project name, the identity and the access policy; its JsonBodyFilter refuses bad bodies.
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        EnvironmentCollectionEndpoints.Map(environments);
        EnvironmentItemEndpoints.Map(environments);
        EnvironmentActionsEndpoints.Map(environments);
        RunsEndpoints.Map(environments);
        var audit = api.MapGroup("/projects/{project}/audit")
            .WithTags(OpenApiTags.Audit)
            .WithApiRequestFilters()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        AuditEndpoints.Map(audit);
        var webhooks = api.MapGroup("/projects/{project}/webhooks")
            .WithTags(OpenApiTags.Webhooks)
            .WithApiRequestFilters()
            .RequiresAccess(ProjectAction.ManageWebhooks)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        WebhooksEndpoints.Map(webhooks);
        var apiKeys = api.MapGroup("/admin/api-keys")
            .WithTags(OpenApiTags.Administration)
            .WithApiRequestFilters()
            .RequiresAccess(ProjectAction.Administer)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        ApiKeysEndpoints.Map(apiKeys);
        var catalog = api.MapGroup("/catalog")
            .WithTags(OpenApiTags.Templates)
            .WithApiRequestFilters()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        CatalogEndpoints.Map(catalog);
        var resourceGroups = api.MapGroup("/admin/resource-groups")
            .WithTags(OpenApiTags.Administration)
            .WithApiRequestFilters()
            .RequiresAccess(ProjectAction.Administer)
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        ResourceGroupsEndpoints.Map(resourceGroups);
        return api;
    }
}
